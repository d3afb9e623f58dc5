using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Pruners;

/// <summary>
/// Stops a trial whose best value so far is worse than the median of the complete trials' values at the same step
/// (Optuna's median pruner and its defaults: judged only once <see cref="StartupTrials"/> trials are complete, from
/// step <see cref="WarmupSteps"/> on, every <see cref="IntervalSteps"/> steps).
/// </summary>
public sealed class MedianPruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="startupTrials">Complete trials needed before any trial is stopped (Optuna: 5).</param>
    /// <param name="warmupSteps">Steps a trial runs before it can be stopped (Optuna: 0).</param>
    /// <param name="intervalSteps">Judge every this many steps after the warm-up (Optuna: 1).</param>
    /// <param name="minimumTrials">Complete trials that must have reported the step for a median (Optuna: 1).</param>
    public MedianPruner(int startupTrials = 5, int warmupSteps = 0, int intervalSteps = 1, int minimumTrials = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startupTrials);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumTrials, 1);
        (StartupTrials, WarmupSteps, IntervalSteps, MinimumTrials) = (startupTrials, warmupSteps, intervalSteps, minimumTrials);
    }

    /// <summary>Complete trials needed before any trial is stopped.</summary>
    public int StartupTrials { get; }

    /// <summary>Steps a trial runs before it can be stopped.</summary>
    public int WarmupSteps { get; }

    /// <summary>Judge every this many steps after the warm-up.</summary>
    public int IntervalSteps { get; }

    /// <summary>Complete trials that must have reported the step.</summary>
    public int MinimumTrials { get; }

    /// <inheritdoc />
    public PruneDecision Judge(StudySnapshot study, TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var complete = study.InState(TrialState.Complete).ToList();
        if (complete.Count == 0 || complete.Count < StartupTrials) return PruneDecision.Continue;
        if (trial.LastStep is not { } step || step < WarmupSteps) return PruneDecision.Continue;
        if ((step - WarmupSteps) % IntervalSteps != 0) return PruneDecision.Continue;

        var minimize = study.Study.Direction == StudyDirection.Minimize;
        var reported = trial.Intermediate.Values.Where(v => !double.IsNaN(v)).ToList();
        if (reported.Count == 0) return PruneDecision.Stop;
        var best = minimize ? reported.Min() : reported.Max();
        var others = complete.Where(t => t.Intermediate.TryGetValue(step, out var v) && !double.IsNaN(v)).Select(t => t.Intermediate[step]).ToList();
        if (others.Count < MinimumTrials) return PruneDecision.Continue;
        var median = Median(others);
        return (minimize ? best > median : best < median) ? PruneDecision.Stop : PruneDecision.Continue;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
