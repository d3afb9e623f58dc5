using Lepton.Tuning.Pruners;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning;

/// <summary>
/// Runs a study: draws each trial's parameters with the sampler, runs the objective, lets the pruner stop it early,
/// and keeps every trial in the store. Several tuners (threads with <see cref="TunerOptions.MaxParallel"/>, processes,
/// machines) can share one study through a shared store; none waits on another.
/// </summary>
public sealed class Tuner
{
    private readonly SemaphoreSlim claim = new(1, 1);

    /// <summary>Creates a tuner.</summary>
    public Tuner(TunerOptions? options = null)
    {
        Options = options ?? new TunerOptions();
        Options.Validate();
        Sampler = Options.Sampler ?? new TpeSampler(Options.Seed);
        Pruner = Options.Pruner ?? new MedianPruner();
        Store = Options.Store ?? new InMemoryStudyStore();
    }

    /// <summary>The options.</summary>
    public TunerOptions Options { get; }

    /// <summary>The sampler in use.</summary>
    public ISampler Sampler { get; }

    /// <summary>The pruner in use.</summary>
    public IPruner Pruner { get; }

    /// <summary>The store in use.</summary>
    public IStudyStore Store { get; }

    /// <summary>Runs trials of <paramref name="objective"/> (returning the value to minimize or maximize) until the study has <see cref="TunerOptions.Trials"/> trials or the time is up.</summary>
    /// <param name="space">The parameters searched.</param>
    /// <param name="objective">Trains and scores one trial; it may call <see cref="Trial.Report"/> and throw <see cref="TrialPrunedException"/>.</param>
    /// <param name="progress">Told of each trial as it finishes.</param>
    /// <param name="cancellationToken">Stops the run: running trials are marked failed.</param>
    public Task<TuningResult> OptimizeAsync(SearchSpace space, Func<Trial, double> objective, IProgress<TrialRecord>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        // Each trial on a thread of its own, not the pool's: a trial trains for long, and Trial.Report blocks on the
        // store, which would starve the pool when every pool thread runs a trial.
        return OptimizeAsync(space, (trial, token) => Task.Factory.StartNew(() => objective(trial), token, TaskCreationOptions.LongRunning, TaskScheduler.Default),
            progress, cancellationToken);
    }

    /// <summary>Runs trials of an asynchronous <paramref name="objective"/>; see the synchronous overload.</summary>
    /// <param name="space">The parameters searched.</param>
    /// <param name="objective">Trains and scores one trial.</param>
    /// <param name="progress">Told of each trial as it finishes.</param>
    /// <param name="cancellationToken">Stops the run: running trials are marked failed.</param>
    /// <exception cref="StudyMismatchException">The store has a study of this name with another direction or space.</exception>
    public async Task<TuningResult> OptimizeAsync(SearchSpace space, Func<Trial, CancellationToken, Task<double>> objective, IProgress<TrialRecord>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(objective);
        var study = await Store.OpenStudyAsync(Options.StudyName, Options.Direction, space, cancellationToken).ConfigureAwait(false);
        await Store.FailStaleTrialsAsync(study.Id, 2 * Options.HeartbeatInterval, cancellationToken).ConfigureAwait(false);
        var limit = TrialLimit(study.Space);
        var deadline = Options.TimeLimit is { } t ? DateTimeOffset.UtcNow + t : DateTimeOffset.MaxValue;
        var ran = 0;
        var workers = Enumerable.Range(0, Options.MaxParallel).Select(_ => Task.Run(async () =>
        {
            while (!cancellationToken.IsCancellationRequested && DateTimeOffset.UtcNow < deadline)
            {
                var record = await ClaimAsync(study, limit, cancellationToken).ConfigureAwait(false);
                if (record is null) return;
                var finished = await RunAsync(study, record, objective, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref ran);
                progress?.Report(finished);
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var trials = await Store.TrialsAsync(study.Id, CancellationToken.None).ConfigureAwait(false);
        return new TuningResult(study, trials, ran);
    }

    /// <summary>
    /// The trials a study of <paramref name="space"/> should have in all under these options, counting those of earlier
    /// runs and other workers: <see cref="TunerOptions.Trials"/>, else the sampler's limit (a grid's size), else 100.
    /// </summary>
    public int TrialLimit(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return Options.Trials ?? Sampler.TrialLimit(space) ?? 100;
    }

    /// <summary>The study named <paramref name="study"/> in <paramref name="store"/> with every trial as it is now (finished by any worker).</summary>
    /// <exception cref="KeyNotFoundException">The store has no such study.</exception>
    public static async Task<TuningResult> LoadAsync(IStudyStore store, string study, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var info = await store.FindStudyAsync(study, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"There is no study '{study}' in the store.");
        var trials = await store.TrialsAsync(info.Id, cancellationToken).ConfigureAwait(false);
        return new TuningResult(info, trials, ran: 0);
    }

    /// <summary>Starts the next trial and draws its parameters, unless the study has enough trials.</summary>
    private async Task<TrialRecord?> ClaimAsync(StudyInfo study, int limit, CancellationToken cancellationToken)
    {
        // The store checks the limit as it starts the trial, so no worker anywhere overshoots it. One claim at a time in
        // this process, so each draw sees the trials this process started before it (the sampler's constant liar).
        await claim.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await Store.StartTrialAndReadAsync(study.Id, limit, cancellationToken).ConfigureAwait(false) is not { } started) return null;
            var parameters = Sampler.Sample(new StudySnapshot(study, started.Trials), started.Trial);
            await Store.SetParametersAsync(started.Trial.Id, parameters, cancellationToken).ConfigureAwait(false);
            return started.Trial with { Parameters = parameters };
        }
        finally
        {
            claim.Release();
        }
    }

    /// <summary>
    /// Runs one trial that was started and given its parameters elsewhere (by a cluster's coordinator, say): beats its
    /// heartbeat, lets the pruner stop it, and finishes it in the store. Returns the trial as the store keeps it: a trial
    /// failed meanwhile (its worker taken for dead) stays failed, and its late result is dropped.
    /// </summary>
    /// <param name="study">The trial's study.</param>
    /// <param name="record">The running trial, with its parameters.</param>
    /// <param name="objective">Trains and scores the trial.</param>
    /// <param name="cancellationToken">Stops the trial: it is marked failed.</param>
    public Task<TrialRecord> RunTrialAsync(StudyInfo study, TrialRecord record, Func<Trial, CancellationToken, Task<double>> objective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(objective);
        return RunAsync(study, record, objective, cancellationToken);
    }

    private async Task<TrialRecord> RunAsync(StudyInfo study, TrialRecord record, Func<Trial, CancellationToken, Task<double>> objective, CancellationToken cancellationToken)
    {
        var trial = new Trial(Store, study, Pruner, record);
        // Disposing the timer ends the heartbeat loop without an exception (once per trial, it showed in the overhead).
        var timer = new PeriodicTimer(Options.HeartbeatInterval);
        var heartbeat = BeatAsync(record.Id, timer, cancellationToken);
        (TrialState State, double? Value, string? Error) outcome;
        try
        {
            var value = await objective(trial, cancellationToken).ConfigureAwait(false);
            outcome = trial.ShouldPrune ? Pruned(trial.LastValue)
                : double.IsNaN(value) ? (TrialState.Failed, null, "the objective returned NaN")
                : (TrialState.Complete, value, null);
        }
        catch (TrialPrunedException)
        {
            outcome = Pruned(trial.LastValue);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = (TrialState.Failed, null, "the tuning run was cancelled");
        }
        catch (Exception e)
        {
            outcome = (TrialState.Failed, null, $"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            timer.Dispose();
            await heartbeat.ConfigureAwait(false);
        }
        if (await Store.FinishTrialAsync(record.Id, outcome.State, outcome.Value, outcome.Error, CancellationToken.None).ConfigureAwait(false))
            return trial.Record with { State = outcome.State, Value = outcome.Value, Error = outcome.Error, Finished = DateTimeOffset.UtcNow };

        // Finished already (failed as stale by another worker): report it as the store has it.
        var trials = await Store.TrialsAsync(study.Id, CancellationToken.None).ConfigureAwait(false);
        return trials.First(t => t.Id == record.Id);
    }

    private static (TrialState, double?, string?) Pruned(double? last) => (TrialState.Pruned, last, null);

    private async Task BeatAsync(long trialId, PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                await Store.HeartbeatAsync(trialId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The run was cancelled.
        }
    }
}
