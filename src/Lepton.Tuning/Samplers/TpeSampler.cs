using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Samplers;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra et al., 2011) with Optuna's defaults: the first
/// <see cref="StartupTrials"/> trials are random; after that the finished trials are split into the best ⌈10 %⌉ (at
/// most 25) and the rest, a <see cref="ParzenEstimator"/> is fitted to each, and of <see cref="Candidates"/> points
/// drawn from the good one the trial takes the one with the highest ratio of good to bad density. Parameters that exist
/// together (the same condition) are fitted jointly when <see cref="Multivariate"/>, with kernels as wide as Scott's
/// rule gives for the good (or bad) trials' own spread rather than Optuna's fixed share of the range, so the search
/// narrows as the good trials gather; with <see cref="ConstantLiar"/> the trials still running count among the bad
/// ones, so parallel workers do not all try the same point.
/// </summary>
public sealed class TpeSampler : ISampler
{
    /// <summary>Creates the sampler.</summary>
    /// <param name="seed">The same seed and history give the same trials.</param>
    /// <param name="startupTrials">Random trials before the estimator takes over (Optuna: 10).</param>
    /// <param name="candidates">Points drawn per trial to pick from (Optuna: 24).</param>
    /// <param name="multivariate">Fit parameters that exist together jointly (Optuna: off by default; on here).</param>
    /// <param name="constantLiar">Count running trials as bad ones (Optuna: off by default; on here, for parallel workers).</param>
    public TpeSampler(int seed = 0, int startupTrials = 10, int candidates = 24, bool multivariate = true, bool constantLiar = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startupTrials);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        (Seed, StartupTrials, Candidates, Multivariate, ConstantLiar) = (seed, startupTrials, candidates, multivariate, constantLiar);
    }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>Random trials before the estimator takes over.</summary>
    public int StartupTrials { get; }

    /// <summary>Points drawn from the good trials' density per trial.</summary>
    public int Candidates { get; }

    /// <summary>Whether parameters that exist together are fitted jointly.</summary>
    public bool Multivariate { get; }

    /// <summary>Whether running trials count among the bad ones.</summary>
    public bool ConstantLiar { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Sample(StudySnapshot study, TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var space = study.Study.Space;
        var random = SamplerRandom.For(Seed, trial.Number);
        var finished = study.Trials.Count(t => t.State is TrialState.Complete or TrialState.Pruned);
        if (finished < StartupTrials) return RandomSampler.Draw(space, random);

        var scored = Scored(study, trial);
        var drawn = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var group in Groups(space))
        {
            if (!space.IsActive(group[0], drawn)) continue;
            var point = SampleGroup(group, scored, random);
            for (var i = 0; i < group.Count; i++) drawn[group[i].Name] = point[i];
        }
        return drawn;
    }

    /// <summary>The parameters drawn together: one group per condition when multivariate, else one per parameter; in space order.</summary>
    private List<List<SearchParameter>> Groups(SearchSpace space)
    {
        if (!Multivariate) return space.Select(p => new List<SearchParameter> { p }).ToList();
        var groups = new List<List<SearchParameter>>();
        var byCondition = new Dictionary<string, List<SearchParameter>>(StringComparer.Ordinal);
        foreach (var parameter in space)
        {
            var key = parameter.Condition?.Key ?? "";
            if (!byCondition.TryGetValue(key, out var group))
            {
                byCondition[key] = group = [];
                groups.Add(group);
            }
            group.Add(parameter);
        }
        return groups;
    }

    private double[] SampleGroup(List<SearchParameter> group, List<(TrialRecord Trial, (double, double) Score)> scored, Random random)
    {
        var observed = scored.Where(s => group.All(p => s.Trial.Parameters.ContainsKey(p.Name))).ToList();
        if (observed.Count == 0) return group.Select(p => p.Distribution.SampleUniform(random)).ToArray();
        var (goodIndices, badIndices) = Split(observed);
        var l = new ParzenEstimator(group, [.. goodIndices.Select(i => Values(observed[i].Trial, group))], Multivariate);
        var g = new ParzenEstimator(group, [.. badIndices.Select(i => Values(observed[i].Trial, group))], Multivariate);
        var candidates = l.Sample(random, Candidates);
        var (good, bad) = (l.LogDensities(candidates), g.LogDensities(candidates));
        var best = candidates[0];
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < candidates.Length; i++)
        {
            var score = good[i] - bad[i];
            if (score > bestScore) (best, bestScore) = (candidates[i], score);
        }
        return best;
    }

    /// <summary>
    /// Which of the <paramref name="observed"/> trials are good: the best ⌈10 %⌉ of the finished ones (running trials,
    /// which the constant liar adds as the worst, do not count towards the 10 %, as in Optuna). Each side keeps number
    /// order, so the weights' ramp favours recent trials.
    /// </summary>
    internal static (int[] Good, int[] Bad) Split(IReadOnlyList<(TrialRecord Trial, (double, double) Score)> observed)
    {
        var below = TpeRules.Gamma(observed.Count(s => s.Trial.State != TrialState.Running));
        var ranked = Enumerable.Range(0, observed.Count).OrderBy(i => observed[i].Score).ThenBy(i => observed[i].Trial.Number).ToArray();
        return (ranked.Take(below).Order().ToArray(), ranked.Skip(below).Order().ToArray());
    }

    private static double[] Values(TrialRecord trial, List<SearchParameter> group) => group.Select(p => trial.Parameters[p.Name]).ToArray();

    /// <summary>
    /// Finished trials with a score, lower is better (Optuna's order): complete trials by value; then pruned ones, those
    /// that went further first, by their last value; then trials without a value; running ones (constant liar) last.
    /// </summary>
    internal List<(TrialRecord Trial, (double, double) Score)> Scored(StudySnapshot study, TrialRecord current)
    {
        var sign = study.Study.Direction == StudyDirection.Minimize ? 1.0 : -1.0;
        var scored = new List<(TrialRecord, (double, double))>();
        foreach (var t in study.Trials)
        {
            if (t.Number == current.Number || t.Parameters.Count == 0) continue;
            (double, double)? score = t.State switch
            {
                TrialState.Complete => (double.NegativeInfinity, Finite(sign * (t.Value ?? double.NaN))),
                TrialState.Pruned when t.LastStep is { } step => (-step, Finite(sign * t.Intermediate[step])),
                TrialState.Pruned => (1, 0),
                TrialState.Running when ConstantLiar => (double.PositiveInfinity, double.PositiveInfinity),
                _ => null,
            };
            if (score is { } s) scored.Add((t, s));
        }
        return scored;
    }

    private static double Finite(double value) => double.IsNaN(value) ? double.PositiveInfinity : value;
}
