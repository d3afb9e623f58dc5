using Lepton.Cluster.Hosting;
using Lepton.Cluster.Tuning;
using Lepton.Tuning.Studies;
using Microsoft.Extensions.Logging;

namespace Lepton.Cluster.Grains;

/// <summary>
/// A study's coordinator. It starts every trial in the store (so trial numbers and the study's limit stay the store's,
/// as with <c>--workers</c>), draws its parameters, and hands it to the worker that asked. It watches the cluster's
/// membership: the running trials of a silo declared dead are failed at once and re-queued (a new trial with the same
/// parameters, linked to the lost one); a timer fails trials whose heartbeat went stale, for the trials it could not
/// know about (its own silo died with their assignments). Everything but the assignments is read from the store, so a
/// new activation on another silo carries on from where the old one stopped.
/// </summary>
internal sealed partial class StudyCoordinatorGrain(StudyCatalog catalog, IClusterMembershipService membership, ILocalSiloDetails silo, ILogger<StudyCoordinatorGrain> logger)
    : Grain, IStudyCoordinatorGrain
{
    private readonly Dictionary<long, string> assigned = [];
    private readonly HashSet<string> workers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource deactivating = new();
    private OpenedStudy? study;

    public async Task<StudyProgress> SubmitAsync(StudySubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Name != this.GetPrimaryKeyString())
            throw new ArgumentException($"The study '{submission.Name}' was submitted to the coordinator of '{this.GetPrimaryKeyString()}'.", nameof(submission));
        if (study is null)
        {
            study = await catalog.OpenAsync(submission);
            var interval = study.Tuner.Options.HeartbeatInterval;
            this.RegisterGrainTimer(FailStaleAsync, interval, interval);
            _ = WatchMembershipAsync(deactivating.Token);
        }
        else if (study.Submission != submission)
        {
            // Submitted again with other settings (a larger --trials goes on with the study): the workers rejoin with it.
            study = await catalog.OpenAsync(submission);
            workers.Clear();
        }
        await JoinWorkersAsync(membership.CurrentSnapshot);
        return await ProgressCoreAsync(study);
    }

    public async Task<StudyProgress?> ProgressAsync() => study is null ? null : await ProgressCoreAsync(study);

    public async Task<TrialAssignment> NextTrialAsync(string worker)
    {
        if (study is null) return TrialAssignment.None(TrialAssignmentKind.Unknown);
        workers.Add(worker);
        var store = study.Store;
        var ledger = new StudyLedger(await store.TrialsAsync(study.Info.Id), study.Target);
        if (await store.StartTrialAndReadAsync(study.Info.Id, ledger.Limit) is not { } started)
            return TrialAssignment.None(ledger.IsComplete ? TrialAssignmentKind.Done : TrialAssignmentKind.Wait);

        var lost = ledger.PendingRequeue.FirstOrDefault();
        var parameters = lost is { Parameters.Count: > 0 }
            ? lost.Parameters
            : study.Tuner.Sampler.Sample(new StudySnapshot(study.Info, started.Trials), started.Trial);
        await store.SetParametersAsync(started.Trial.Id, parameters);
        if (lost is not null)
        {
            await store.SetAttributesAsync(started.Trial.Id, new Dictionary<string, double> { [StudyLedger.RequeueOfAttribute] = lost.Number });
            Log.Requeued(logger, study.Info.Name, lost.Number, started.Trial.Number);
        }
        assigned[started.Trial.Id] = worker;
        return new TrialAssignment
        {
            Kind = TrialAssignmentKind.Run,
            TrialId = started.Trial.Id,
            Number = started.Trial.Number,
            Parameters = parameters,
            RequeueOf = lost?.Number,
        };
    }

    public Task TrialEndedAsync(string worker, long trialId)
    {
        assigned.Remove(trialId);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        deactivating.Cancel();
        deactivating.Dispose();
        return Task.CompletedTask;
    }

    private async Task<StudyProgress> ProgressCoreAsync(OpenedStudy opened)
    {
        var ledger = new StudyLedger(await opened.Store.TrialsAsync(opened.Info.Id), opened.Target);
        var lost = ledger.Lost.Select(t => t.Id).ToHashSet();
        return new StudyProgress
        {
            Study = opened.Info.Name,
            Target = opened.Target,
            IsComplete = ledger.IsComplete,
            Workers = [.. workers.Order(StringComparer.Ordinal)],
            Coordinator = silo.SiloAddress.ToParsableString(),
            Trials = [.. ledger.Trials.Select(t => new TrialSummary
            {
                Id = t.Id,
                Number = t.Number,
                State = t.State.ToString().ToLowerInvariant(),
                Value = t.Value,
                Parameters = t.Parameters,
                LastStep = t.LastStep,
                Started = t.Started,
                Finished = t.Finished,
                Error = t.Error,
                RequeueOf = StudyLedger.RequeueOf(t),
                Lost = lost.Contains(t.Id),
                Worker = t.State == TrialState.Running && assigned.TryGetValue(t.Id, out var w) ? w : null,
            })],
        };
    }

    /// <summary>Sets the worker of every active worker silo to the study (a silo that joins later is set to it as it joins).</summary>
    private async Task JoinWorkersAsync(ClusterMembershipSnapshot snapshot)
    {
        if (study is null) return;
        foreach (var member in snapshot.Members.Values)
        {
            if (member.Status != SiloStatus.Active || !ClusterRoles.RunsTrials(member.Name)) continue;
            var key = member.SiloAddress.ToParsableString();
            if (workers.Contains(key)) continue;
            try
            {
                await GrainFactory.GetGrain<ITrialWorkerGrain>(key).JoinAsync(study.Submission);
                workers.Add(key);
            }
            catch (Exception e)
            {
                Log.WorkerNotJoined(logger, e, study.Info.Name, key);
            }
        }
    }

    private async Task WatchMembershipAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                await FailTrialsOfDeadSilosAsync(snapshot);
                await JoinWorkersAsync(snapshot);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Deactivated.
        }
        catch (Exception e)
        {
            Log.MembershipWatchFailed(logger, e);
        }
    }

    private async Task FailTrialsOfDeadSilosAsync(ClusterMembershipSnapshot snapshot)
    {
        if (study is null) return;
        foreach (var member in snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead))
        {
            var key = member.SiloAddress.ToParsableString();
            workers.Remove(key);
            foreach (var trialId in assigned.Where(a => a.Value == key).Select(a => a.Key).ToList())
            {
                assigned.Remove(trialId);
                var error = StudyCheck.WorkerStoppedError($"its silo {member.SiloAddress} ({member.Name}) left the cluster");
                if (await study.Store.FinishTrialAsync(trialId, TrialState.Failed, null, error)) Log.TrialLost(logger, study.Info.Name, trialId, member.SiloAddress.ToString());
            }
        }
    }

    private async Task FailStaleAsync(CancellationToken cancellationToken)
    {
        if (study is null) return;
        var failed = await study.Store.FailStaleTrialsAsync(study.Info.Id, 2 * study.Tuner.Options.HeartbeatInterval, cancellationToken);
        if (failed > 0) Log.StaleTrials(logger, study.Info.Name, failed);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Study {Study}: trial {TrialId} was lost with silo {Silo}; it runs again")]
        public static partial void TrialLost(ILogger logger, string study, long trialId, string silo);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Study {Study}: {Count} trial(s) stopped beating; they run again")]
        public static partial void StaleTrials(ILogger logger, string study, int count);

        [LoggerMessage(Level = LogLevel.Information, Message = "Study {Study}: trial {Lost} re-queued as trial {Number}")]
        public static partial void Requeued(ILogger logger, string study, int lost, int number);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Study {Study}: the worker of silo {Silo} did not join")]
        public static partial void WorkerNotJoined(ILogger logger, Exception exception, string study, string silo);

        [LoggerMessage(Level = LogLevel.Error, Message = "The coordinator stopped watching the cluster's membership")]
        public static partial void MembershipWatchFailed(ILogger logger, Exception exception);
    }
}
