namespace Lepton.Cluster;

/// <summary>
/// The trial worker of one silo, keyed by that silo's address: it pulls trials from a study's coordinator and runs
/// them on the silo's thread pool, one at a time, never on the grain's own turn.
/// </summary>
[Alias("lepton.trial-worker")]
public interface ITrialWorkerGrain : IGrainWithStringKey
{
    /// <summary>Starts pulling the trials of <paramref name="submission"/>'s study, unless this worker does already.</summary>
    [Alias("join")]
    Task JoinAsync(StudySubmission submission);
}
