using System.Globalization;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Pruners;

/// <summary>
/// Asynchronous successive halving (ASHA, Li et al. 2020) as Optuna's pruner: rung r sits at step
/// min_resource · η^(rate + r); a trial that reaches a rung goes on only if its value there is in the best 1/η of the
/// values every trial had at that rung, and is stopped otherwise. No trial waits for another.
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="minimumResource">Steps before the first rung; null (Optuna's "auto") takes 1/100 of the longest complete trial's steps, at least 1, once one is complete.</param>
    /// <param name="reductionFactor">η: one trial in η goes on at each rung (Optuna: 4).</param>
    /// <param name="minimumEarlyStoppingRate">s: the first rung sits at min_resource · η^s (Optuna: 0).</param>
    /// <param name="bootstrapCount">Values a rung needs before it stops anyone (Optuna: 0).</param>
    public SuccessiveHalvingPruner(int? minimumResource = null, int reductionFactor = 4, int minimumEarlyStoppingRate = 0, int bootstrapCount = 0)
    {
        if (minimumResource is < 1) throw new ArgumentOutOfRangeException(nameof(minimumResource), minimumResource, "The minimum resource is at least 1 step.");
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumEarlyStoppingRate);
        ArgumentOutOfRangeException.ThrowIfNegative(bootstrapCount);
        (MinimumResource, ReductionFactor, MinimumEarlyStoppingRate, BootstrapCount) = (minimumResource, reductionFactor, minimumEarlyStoppingRate, bootstrapCount);
    }

    /// <summary>Steps before the first rung, or null for automatic.</summary>
    public int? MinimumResource { get; }

    /// <summary>η.</summary>
    public int ReductionFactor { get; }

    /// <summary>s.</summary>
    public int MinimumEarlyStoppingRate { get; }

    /// <summary>Values a rung needs before it stops anyone.</summary>
    public int BootstrapCount { get; }

    internal static string RungKey(int rung) => string.Create(CultureInfo.InvariantCulture, $"rung_{rung}");

    /// <inheritdoc />
    public PruneDecision Judge(StudySnapshot study, TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.LastStep is not { } step) return PruneDecision.Continue;
        var minimumResource = MinimumResource ?? AutoResource(study);
        if (minimumResource is not { } resource) return PruneDecision.Continue;
        var value = trial.Intermediate[step];
        var rung = 0;
        while (trial.Attributes.ContainsKey(RungKey(rung))) rung++;
        var reached = new Dictionary<string, double>(StringComparer.Ordinal);
        while (true)
        {
            var promotionStep = resource * Math.Pow(ReductionFactor, MinimumEarlyStoppingRate + rung);
            if (step < promotionStep) return new PruneDecision(false, reached);
            if (double.IsNaN(value)) return new PruneDecision(true, reached);
            var key = RungKey(rung);
            reached[key] = value;
            var competing = study.Trials.Where(t => t.Number != trial.Number && t.Attributes.ContainsKey(key)).Select(t => t.Attributes[key]).Append(value).ToList();
            if (competing.Count <= BootstrapCount) return new PruneDecision(true, reached);
            if (!Promotable(value, competing, study.Study.Direction)) return new PruneDecision(true, reached);
            rung++;
        }
    }

    private static int? AutoResource(StudySnapshot study)
    {
        var steps = study.InState(TrialState.Complete).Select(t => t.LastStep).OfType<int>().ToList();
        return steps.Count == 0 ? null : Math.Max(steps.Max() / 100, 1);
    }

    private bool Promotable(double value, List<double> competing, StudyDirection direction)
    {
        var index = Math.Max(competing.Count / ReductionFactor - 1, 0);
        competing.Sort();
        return direction == StudyDirection.Maximize ? value >= competing[^(index + 1)] : value <= competing[index];
    }
}
