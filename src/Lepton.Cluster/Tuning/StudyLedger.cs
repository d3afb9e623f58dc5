using Lepton.Tuning.Studies;

namespace Lepton.Cluster.Tuning;

/// <summary>
/// What a coordinator knows of a study, rebuilt from its trials in the store alone: the trials lost with their worker,
/// which of them are re-queued (a later trial's <see cref="RequeueOfAttribute"/> names them), and how many trials the
/// study may start (its target plus one per lost trial, so a lost trial does not eat the study's budget).
/// </summary>
internal sealed class StudyLedger
{
    /// <summary>The trial attribute that links a re-queued trial to the lost trial it runs again (by number).</summary>
    public const string RequeueOfAttribute = "cluster.requeue_of";

    public StudyLedger(IReadOnlyList<TrialRecord> trials, int target)
    {
        Trials = trials;
        Target = target;
        Lost = [.. trials.Where(StudyCheck.IsWorkerStopped)];
        var requeued = trials.Select(RequeueOf).OfType<int>().ToHashSet();
        PendingRequeue = [.. Lost.Where(t => !requeued.Contains(t.Number)).OrderBy(t => t.Number)];
    }

    public IReadOnlyList<TrialRecord> Trials { get; }

    public int Target { get; }

    /// <summary>Trials failed because their worker stopped (silo gone, heartbeat stale).</summary>
    public IReadOnlyList<TrialRecord> Lost { get; }

    /// <summary>Lost trials not yet run again, oldest first.</summary>
    public IReadOnlyList<TrialRecord> PendingRequeue { get; }

    /// <summary>The trials the study may have in the store: its target, plus one for each lost trial.</summary>
    public int Limit => Target + Lost.Count;

    public bool AnyRunning => Trials.Any(t => t.State == TrialState.Running);

    /// <summary>Every trial has run: the limit is reached, none runs, none waits to be re-queued.</summary>
    public bool IsComplete => Trials.Count >= Limit && !AnyRunning && PendingRequeue.Count == 0;

    public static int? RequeueOf(TrialRecord trial) =>
        trial.Attributes.TryGetValue(RequeueOfAttribute, out var number) ? (int)number : null;
}
