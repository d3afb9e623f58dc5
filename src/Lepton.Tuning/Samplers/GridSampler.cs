using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Samplers;

/// <summary>
/// Walks every combination of the grid parameters (Ludwig's <c>grid_search</c>), one per trial in trial-number order,
/// and draws the other parameters at random. A grid parameter that does not exist in a combination (its condition
/// fails) is left out, and combinations that differ only in it are walked once.
/// </summary>
public sealed class GridSampler : ISampler
{
    /// <summary>Creates the sampler; <paramref name="seed"/> draws the parameters outside the grid.</summary>
    public GridSampler(int seed = 0) => Seed = seed;

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Sample(StudySnapshot study, TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var points = Points(study.Study.Space);
        var point = points[trial.Number % points.Count];
        return RandomSampler.Draw(study.Study.Space, SamplerRandom.For(Seed, trial.Number), point);
    }

    /// <inheritdoc />
    public int? TrialLimit(SearchSpace space) => Points(space).Count;

    /// <summary>The grid's combinations in order (the first parameter changes slowest), each with the grid parameters that exist in it.</summary>
    internal static List<Dictionary<string, double>> Points(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var points = new List<Dictionary<string, double>> { new(StringComparer.Ordinal) };
        foreach (var parameter in space.Where(p => p.Grid))
        {
            var grown = new List<Dictionary<string, double>>();
            var choices = ((CategoricalDistribution)parameter.Distribution).Count;
            foreach (var point in points)
            {
                // A grid parameter whose condition can fail only on a non-grid parent is walked anyway; one whose grid parent rules it out is skipped.
                if (parameter.Condition is { } c && space[c.Parameter].Grid && !space.IsActive(parameter, point))
                {
                    grown.Add(point);
                    continue;
                }
                for (var k = 0; k < choices; k++) grown.Add(new Dictionary<string, double>(point, StringComparer.Ordinal) { [parameter.Name] = k });
            }
            points = grown;
        }
        return points;
    }
}
