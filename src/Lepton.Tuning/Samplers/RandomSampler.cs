using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Samplers;

/// <summary>Draws every parameter uniformly (log-uniformly for a log-scaled range), independently of past trials.</summary>
public sealed class RandomSampler : ISampler
{
    /// <summary>Creates the sampler; the same seed gives the same trials.</summary>
    public RandomSampler(int seed = 0) => Seed = seed;

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Sample(StudySnapshot study, TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        return Draw(study.Study.Space, SamplerRandom.For(Seed, trial.Number));
    }

    internal static Dictionary<string, double> Draw(Spaces.SearchSpace space, Random random, IReadOnlyDictionary<string, double>? fixedValues = null)
    {
        var drawn = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var parameter in space)
        {
            if (!space.IsActive(parameter, drawn)) continue;
            drawn[parameter.Name] = fixedValues is not null && fixedValues.TryGetValue(parameter.Name, out var v) ? v : parameter.Distribution.SampleUniform(random);
        }
        return drawn;
    }
}
