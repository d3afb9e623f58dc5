using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Pruners;

/// <summary>Decides, after a trial reports a value, whether to stop it early.</summary>
public interface IPruner
{
    /// <summary>Judges <paramref name="trial"/> (running, its last report in <see cref="TrialRecord.Intermediate"/>) against the study's other trials.</summary>
    PruneDecision Judge(StudySnapshot study, TrialRecord trial);

    /// <summary>
    /// Whether <see cref="Judge"/> looks at the study's other trials; when false, a trial's report is judged without
    /// reading the study back from the store (the snapshot then holds the trial alone).
    /// </summary>
    bool JudgesByOtherTrials => true;
}
