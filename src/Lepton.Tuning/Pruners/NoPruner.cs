using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Pruners;

/// <summary>Never stops a trial early.</summary>
public sealed class NoPruner : IPruner
{
    /// <inheritdoc />
    public PruneDecision Judge(StudySnapshot study, TrialRecord trial) => PruneDecision.Continue;

    /// <inheritdoc />
    public bool JudgesByOtherTrials => false;
}
