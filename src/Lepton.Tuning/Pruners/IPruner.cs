using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Pruners;

/// <summary>Decides, after a trial reports a value, whether to stop it early.</summary>
public interface IPruner
{
    /// <summary>Judges <paramref name="trial"/> (running, its last report in <see cref="TrialRecord.Intermediate"/>) against the study's other trials.</summary>
    PruneDecision Judge(StudySnapshot study, TrialRecord trial);
}
