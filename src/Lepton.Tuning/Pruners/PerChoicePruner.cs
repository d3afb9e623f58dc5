using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Pruners;

/// <summary>
/// Judges each trial only against the trials that drew the same value of one choice parameter, with another pruner.
/// In a conditional space whose branches train different things (<c>model_type</c>: a network reports per epoch, boosted
/// trees per round), step 5 of one branch says nothing about step 5 of the other, and a median over both would stop a
/// tree trial, whose early rounds are far from its end, only because networks learn faster per step.
/// </summary>
public sealed class PerChoicePruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="inner">The pruner that judges within a branch.</param>
    /// <param name="parameter">The choice parameter whose value picks the branch (e.g. <c>model_type</c>).</param>
    public PerChoicePruner(IPruner inner, string parameter)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameter);
        (Inner, Parameter) = (inner, parameter);
    }

    /// <summary>The pruner that judges within a branch.</summary>
    public IPruner Inner { get; }

    /// <summary>The choice parameter whose value picks the branch.</summary>
    public string Parameter { get; }

    /// <inheritdoc />
    public bool JudgesByOtherTrials => Inner.JudgesByOtherTrials;

    /// <inheritdoc />
    public PruneDecision Judge(StudySnapshot study, TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        if (!trial.Parameters.TryGetValue(Parameter, out var branch)) return Inner.Judge(study, trial);
        var same = study.Trials.Where(t => t.Number == trial.Number || (t.Parameters.TryGetValue(Parameter, out var v) && v.Equals(branch))).ToList();
        return Inner.Judge(study with { Trials = same }, trial);
    }
}
