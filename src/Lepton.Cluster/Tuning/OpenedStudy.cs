using Lepton.Tuning;
using Lepton.Tuning.Studies;

namespace Lepton.Cluster.Tuning;

/// <summary>A submitted study as one silo holds it: the submission, the study built from it, its tuner on the silo's store, and the store's record of it.</summary>
internal sealed record OpenedStudy(StudySubmission Submission, ClusterStudy Study, Tuner Tuner, StudyInfo Info)
{
    public IStudyStore Store => Tuner.Store;

    /// <summary>The trials the study should have, not counting lost ones.</summary>
    public int Target => Tuner.TrialLimit(Study.Space);
}
