namespace Lepton.Cluster;

/// <summary>
/// One study's coordinator, keyed by the study's name: hands its trials to the workers of every silo and fails and
/// re-queues the trials of a silo that dies. All it keeps is rebuilt from the study store and the submission, so it
/// may move to another silo at any time.
/// </summary>
[Alias("lepton.study-coordinator")]
public interface IStudyCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Starts the study (or joins it, if it runs already) and sets a worker on every silo to its trials.</summary>
    [Alias("submit")]
    Task<StudyProgress> SubmitAsync(StudySubmission submission);

    /// <summary>The study's trials as they are now; null when this coordinator was not given the study (submit it again).</summary>
    [Alias("progress")]
    Task<StudyProgress?> ProgressAsync();

    /// <summary>The next trial for <paramref name="worker"/> (a silo's worker key) to run, or why there is none.</summary>
    [Alias("next-trial")]
    Task<TrialAssignment> NextTrialAsync(string worker);

    /// <summary>Tells the coordinator that <paramref name="worker"/> is done with trial <paramref name="trialId"/> (its result is in the store).</summary>
    [Alias("trial-ended")]
    Task TrialEndedAsync(string worker, long trialId);
}
