using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Importance;

/// <summary>
/// Hyperparameter importance by functional ANOVA (fANOVA, Hutter et al. 2014), Optuna's default: a random forest
/// learns the objective from the parameters of the complete trials, and each parameter's importance is the variance
/// of the forest's prediction as that parameter alone varies (every other one averaged out), as a share of the total.
/// </summary>
/// <remarks>
/// As Optuna: 64 trees grown to depth 64 on bootstrap samples; without a list of parameters, those present in every
/// complete trial; with a list, the complete trials that have all of them (so a conditional parameter is judged on
/// the trials where it exists); a parameter that can take one value only gets 0. Unlike Optuna, log-scaled ranges
/// are measured in log space (where they are sampled, as the original fANOVA does) and a choice is split as a set
/// of categories rather than one-hot columns.
/// </remarks>
public static class FanovaImportance
{
    /// <summary>Trees in the forest, as Optuna.</summary>
    public const int Trees = 64;

    /// <summary>The deepest a tree grows, as Optuna.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Each parameter's importance, largest first, summing to 1; empty when fewer than two complete trials have
    /// the parameters or the objective does not vary among them.
    /// </summary>
    /// <param name="study">The study and its trials.</param>
    /// <param name="parameters">The parameters to rank; by default those of every complete trial.</param>
    /// <param name="seed">Seeds the bootstrap samples: the same seed gives the same importances.</param>
    public static IReadOnlyList<ParameterImportance> Compute(StudySnapshot study, IEnumerable<string>? parameters = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(study);
        var space = study.Study.Space;
        var complete = study.InState(TrialState.Complete).Where(t => t.Value is { } v && double.IsFinite(v)).ToList();
        var chosen = parameters is null ? Everywhere(space, complete) : Named(space, parameters);
        var trials = complete.Where(t => chosen.All(p => t.Parameters.ContainsKey(p.Name))).ToList();
        var varying = chosen.Where(p => !FeatureDomain.Of(p.Distribution).Single).ToList();
        if (varying.Count == 0) return [];

        var domains = varying.Select(p => FeatureDomain.Of(p.Distribution)).ToArray();
        var rows = new List<double[]>();
        var y = new List<double>();
        foreach (var trial in trials)
        {
            var features = varying.Select((p, f) => domains[f].Encode(p.Distribution, trial.Parameters[p.Name])).ToArray();
            if (features.Any(v => v is null)) continue;
            rows.Add(features.Select(v => v!.Value).ToArray());
            y.Add(trial.Value!.Value);
        }
        if (rows.Count < 2) return [];

        var shares = Shares(rows.ToArray(), y.ToArray(), domains, seed);
        var total = shares.Sum();
        if (!(total > 0)) return [];
        return varying.Select((p, f) => new ParameterImportance(p.Name, shares[f] / total))
            .Concat(chosen.Except(varying).Select(p => new ParameterImportance(p.Name, 0)))
            .OrderByDescending(i => i.Importance)
            .ToList();
    }

    /// <summary>Each feature's share of each tree's variance, averaged over the trees that vary.</summary>
    private static double[] Shares(double[][] x, double[] y, FeatureDomain[] domains, int seed)
    {
        // The samples are drawn in order from one seed, so growing the trees in parallel changes nothing.
        var random = new Random(seed);
        var samples = Enumerable.Range(0, Trees).Select(_ => Enumerable.Range(0, x.Length).Select(_ => random.Next(x.Length)).ToArray()).ToArray();
        var perTree = new double[Trees][];
        Parallel.For(0, Trees, t =>
        {
            var tree = new FanovaTree(RegressionTree.Fit(x, y, samples[t], domains, MaxDepth), domains);
            perTree[t] = tree.Variance > 0 ? Enumerable.Range(0, domains.Length).Select(f => tree.MarginalVariance(f) / tree.Variance).ToArray() : [];
        });
        var varying = perTree.Where(s => s.Length > 0).ToList();
        return Enumerable.Range(0, domains.Length).Select(f => varying.Count == 0 ? 0 : varying.Sum(s => s[f]) / varying.Count).ToArray();
    }

    private static List<SearchParameter> Everywhere(SearchSpace space, List<TrialRecord> complete) =>
        complete.Count == 0 ? [] : space.Where(p => complete.All(t => t.Parameters.ContainsKey(p.Name))).ToList();

    private static List<SearchParameter> Named(SearchSpace space, IEnumerable<string> names)
    {
        var list = names.Distinct(StringComparer.Ordinal).ToList();
        var unknown = list.Where(n => space.Find(n) is null).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"The study's search space has no parameter {string.Join(", ", unknown.Select(n => $"'{n}'"))} (it has {string.Join(", ", space.Select(p => p.Name))}).", "parameters");
        return list.Select(n => space[n]).ToList();
    }
}
