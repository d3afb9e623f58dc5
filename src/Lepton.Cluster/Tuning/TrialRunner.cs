using System.Collections.Concurrent;
using Lepton.Tuning.Studies;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Cluster.Tuning;

/// <summary>
/// The loops of one silo's worker, one per study: each asks the study's coordinator for a trial, runs it on a thread of
/// its own (a trial lasts far longer than a grain call may), and tells the coordinator when it is done. The silo's
/// worker grain starts them; they live on the thread pool, outside any grain's turn.
/// </summary>
internal sealed partial class TrialRunner(StudyCatalog catalog, IGrainFactory grains, ISiloStatusOracle silo, IHostApplicationLifetime lifetime, ILogger<TrialRunner> logger)
{
    private readonly ConcurrentDictionary<string, Task> loops = new(StringComparer.Ordinal);

    /// <summary>The last submission of each study this silo was given: a running loop follows it (more trials, say).</summary>
    private readonly ConcurrentDictionary<string, StudySubmission> latest = new(StringComparer.Ordinal);

    /// <summary>How long a worker waits before asking again when the study has nothing to start yet.</summary>
    public static TimeSpan PollInterval { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Starts pulling <paramref name="submission"/>'s trials as <paramref name="worker"/>, unless a loop for that study runs already.</summary>
    public void Join(string worker, StudySubmission submission)
    {
        latest[submission.Name] = submission;
        loops.AddOrUpdate(submission.Name,
            _ => Start(worker, submission),
            (_, running) => running.IsCompleted ? Start(worker, submission) : running);
    }

    private Task Start(string worker, StudySubmission submission) =>
        Task.Run(() => LoopAsync(worker, submission, lifetime.ApplicationStopping), CancellationToken.None);

    private bool Stopping(CancellationToken stopping) =>
        stopping.IsCancellationRequested || silo.CurrentStatus is SiloStatus.ShuttingDown or SiloStatus.Stopping or SiloStatus.Dead;

    private async Task LoopAsync(string worker, StudySubmission submission, CancellationToken stopping)
    {
        var coordinator = grains.GetGrain<IStudyCoordinatorGrain>(submission.Name);
        try
        {
            while (!Stopping(stopping))
            {
                var current = latest[submission.Name];
                var study = await catalog.OpenAsync(current).ConfigureAwait(false);
                TrialAssignment next;
                try
                {
                    next = await coordinator.NextTrialAsync(worker).ConfigureAwait(false);
                    // A coordinator activated afresh (its silo died) learns the study from whoever asks first.
                    if (next.Kind == TrialAssignmentKind.Unknown) await coordinator.SubmitAsync(current).ConfigureAwait(false);
                }
                catch (Exception e) when (!Stopping(stopping))
                {
                    // The coordinator's silo died, say: the grain is activated again on another silo at the next call.
                    Log.CoordinatorUnreachable(logger, submission.Name, e.Message);
                    await Task.Delay(PollInterval, stopping).ConfigureAwait(false);
                    continue;
                }

                switch (next.Kind)
                {
                    case TrialAssignmentKind.Done:
                        return;
                    case TrialAssignmentKind.Unknown:
                        continue;
                    case TrialAssignmentKind.Wait:
                        await Task.Delay(PollInterval, stopping).ConfigureAwait(false);
                        continue;
                }

                await RunAsync(study, next).ConfigureAwait(false);
                await TellEndedAsync(coordinator, worker, next.TrialId, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (Stopping(stopping))
        {
            // The silo is stopping.
        }
        catch (Exception e)
        {
            Log.LoopFailed(logger, e, submission.Name);
        }
    }

    private async Task RunAsync(OpenedStudy study, TrialAssignment assignment)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new TrialRecord
        {
            Id = assignment.TrialId,
            Number = assignment.Number,
            State = TrialState.Running,
            Parameters = assignment.Parameters,
            Started = now,
            Heartbeat = now,
        };
        try
        {
            // Not cancelled when the silo stops: a trial dies with its process, and the coordinator re-queues it.
            var finished = await study.Tuner.RunTrialAsync(study.Info, record, study.Study.ScoreAsync, CancellationToken.None).ConfigureAwait(false);
            Log.TrialFinished(logger, study.Info.Name, finished.Number, finished.State);
        }
        catch (Exception e)
        {
            // The store failed under the trial (a silo shutting down, a database gone): the heartbeat stops and the
            // coordinator fails the trial and runs it again.
            Log.TrialAbandoned(logger, e, study.Info.Name, assignment.Number);
        }
    }

    private async Task TellEndedAsync(IStudyCoordinatorGrain coordinator, string worker, long trialId, CancellationToken stopping)
    {
        try
        {
            await coordinator.TrialEndedAsync(worker, trialId).ConfigureAwait(false);
        }
        catch (Exception e) when (!Stopping(stopping))
        {
            // The trial's result is in the store; a new coordinator reads it there.
            Log.CoordinatorUnreachable(logger, trialId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Study {Study}: the coordinator did not answer ({Reason}); asking again")]
        public static partial void CoordinatorUnreachable(ILogger logger, string study, string reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "Study {Study}: this silo's worker stopped")]
        public static partial void LoopFailed(ILogger logger, Exception exception, string study);

        [LoggerMessage(Level = LogLevel.Information, Message = "Study {Study}: trial {Number} ended {State}")]
        public static partial void TrialFinished(ILogger logger, string study, int number, TrialState state);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Study {Study}: trial {Number} was abandoned")]
        public static partial void TrialAbandoned(ILogger logger, Exception exception, string study, int number);
    }
}
