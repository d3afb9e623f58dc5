using System.Globalization;
using System.Threading.Channels;
using Lepton.Tracking.Datasets;

namespace Lepton.Tracking;

/// <summary>
/// A run being recorded. Logging calls return at once: values are queued and written in batches by a
/// background task, so a training loop never waits on the database. <see cref="FlushAsync"/> waits until
/// everything logged so far is stored; a write that failed is reported by the next call, never dropped silently.
/// </summary>
public sealed class ActiveRun : IAsyncDisposable
{
    private const int MaxBatch = 10_000;
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromMinutes(1);

    private readonly TrackingClient _client;
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, string> _params = new(StringComparer.Ordinal);
    private readonly Lock _paramsLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private readonly Task _heartbeat;
    private Exception? _failure;
    private long _lastWrite = Environment.TickCount64;
    private int _ended;

    internal ActiveRun(TrackingClient client, RunInfo info)
    {
        _client = client;
        Info = info;
        _writer = Task.Run(WriteLoopAsync);
        _heartbeat = Task.Run(HeartbeatLoopAsync);
    }

    /// <summary>The run as it was started.</summary>
    public RunInfo Info { get; }

    /// <summary>The run's id.</summary>
    public string RunId => Info.RunId;

    /// <summary>The client the run records through.</summary>
    public TrackingClient Client => _client;

    /// <summary>Records a parameter (formatted invariantly); logging the same name again with another value throws.</summary>
    public void LogParam(string key, object? value)
    {
        Names.CheckKey(key, "parameter");
        var text = Format(value);
        Names.CheckValue(text, key, Names.MaxParamValueLength, "parameter");
        lock (_paramsLock)
        {
            if (_params.TryGetValue(key, out var existing))
            {
                if (existing == text) return;
                throw TrackingException.Conflict($"Run {RunId} already has parameter '{key}' = '{existing}'; parameters are written once.");
            }

            _params[key] = text;
        }

        Enqueue(new Entry(EntryKind.Param, key, text));
    }

    /// <summary>Records several parameters.</summary>
    public void LogParams(IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (key, value) in parameters) LogParam(key, value);
    }

    /// <summary>Records one point of a metric series; NaN and ±∞ are kept as they are.</summary>
    public void LogMetric(string key, double value, long step = 0, int? epoch = null, DateTimeOffset? timestamp = null)
    {
        Names.CheckKey(key, "metric");
        Enqueue(new Entry(EntryKind.Metric, key, null, new MetricPoint(key, value, step, epoch, timestamp ?? DateTimeOffset.UtcNow)));
    }

    /// <summary>Sets a tag (a tag may change; the last value wins).</summary>
    public void SetTag(string key, string value)
    {
        Names.CheckKey(key, "tag");
        Names.CheckValue(value, key, Names.MaxTagValueLength, "tag");
        Enqueue(new Entry(EntryKind.Tag, key, value));
    }

    /// <summary>
    /// Records which way <paramref name="metric"/> improves, as the tag <c>lepton.metric.{metric}.direction</c>
    /// (<c>maximize</c>, <c>minimize</c> or <c>none</c>), so comparisons and dashboards pick its best value right
    /// (<see cref="Run.DirectionOf"/>). Autolog records it for every metric Fit logs. A name longer than 226
    /// characters has no room for the tag and is skipped: readers then go by the name.
    /// </summary>
    public void SetMetricDirection(string metric, MetricDirection direction)
    {
        Names.CheckKey(metric, "metric");
        var value = MetricDirectionTag.Format(direction);
        if (metric.Length > MetricDirectionTag.MaxMetricLength) return;
        SetTag(MetricDirectionTag.KeyOf(metric), value);
    }

    /// <summary>Waits until everything logged so far is stored; throws if a write failed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Entry(EntryKind.Flush, "", null, Done: done));
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a file as an artifact of this run, after everything logged before it.</summary>
    public async Task<ArtifactEntry> LogArtifactAsync(string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return await _client.LogArtifactAsync(RunId, localPath, artifactPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a dataset the run used and what for (<c>train</c>, <c>validation</c>, <c>test</c>).</summary>
    public Task LogDatasetAsync(DatasetFingerprint dataset, string context = "train", CancellationToken cancellationToken = default) =>
        _client.Store.RecordDatasetAsync(RunId, new RunDataset(dataset, context), cancellationToken);

    /// <summary>
    /// Records a dataset the run used, what for, and its profile (kept once per content: a dataset's figures, shown on
    /// the dashboard's Data page and compared there with another's for drift).
    /// </summary>
    public async Task LogDatasetAsync(DatasetFingerprint dataset, string context, DatasetProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate(); // before the dataset is recorded, so a bad profile records nothing
        await _client.Store.RecordDatasetAsync(RunId, new RunDataset(dataset, context), cancellationToken).ConfigureAwait(false);
        await _client.Store.RecordDatasetProfileAsync(dataset.Hash, profile, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores everything queued, then ends the run with <paramref name="status"/>.</summary>
    public async Task EndAsync(RunStatus status = RunStatus.Finished, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1) throw TrackingException.Conflict($"Run {RunId} has already been ended.");
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_writer, _heartbeat).ConfigureAwait(false);
        var failure = _failure;
        await _client.Store.EndRunAsync(RunId, failure is null ? status : RunStatus.Failed, cancellationToken: cancellationToken).ConfigureAwait(false);
        _stop.Dispose();
        if (failure is not null) throw Failed(failure);
    }

    /// <summary>Ends the run as finished if <see cref="EndAsync"/> was not called.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _ended) == 0) await EndAsync().ConfigureAwait(false);
    }

    /// <summary>Queues a file to upload as an artifact once what was logged before it is stored.</summary>
    /// <summary>
    /// Uploads <paramref name="localPath"/> as <paramref name="artifactPath"/> in the background, in order with the
    /// run's other writes (a failure is thrown by the next call); deletes the local file once stored when <paramref name="deleteAfter"/>.
    /// </summary>
    public void QueueArtifact(string localPath, string artifactPath, bool deleteAfter = false) =>
        Enqueue(new Entry(EntryKind.Artifact, artifactPath, localPath, DeleteAfter: deleteAfter));

    private void Enqueue(Entry entry)
    {
        if (Volatile.Read(ref _failure) is { } failure) throw Failed(failure);
        if (!_queue.Writer.TryWrite(entry)) throw TrackingException.Conflict($"Run {RunId} has ended; nothing more can be logged to it.");
    }

    private TrackingException Failed(Exception failure) => failure as TrackingException is { } t
        ? new TrackingException(t.Kind, $"Logging to run {RunId} failed: {t.Message}", t)
        : new TrackingException(TrackingErrorKind.Unavailable, $"Logging to run {RunId} failed: {failure.Message}", failure);

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var metrics = new List<MetricPoint>();
        var waiting = new List<TaskCompletionSource>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (metrics.Count < MaxBatch && reader.TryRead(out var entry))
            {
                switch (entry.Kind)
                {
                    case EntryKind.Param: parameters[entry.Key] = entry.Text!; break;
                    case EntryKind.Tag: tags[entry.Key] = entry.Text!; break;
                    case EntryKind.Metric: metrics.Add(entry.Point!); break;
                    case EntryKind.Flush: waiting.Add(entry.Done!); break;
                    case EntryKind.Artifact:
                        await WriteAsync(parameters, tags, metrics).ConfigureAwait(false);
                        await UploadAsync(entry).ConfigureAwait(false);
                        break;
                }
            }

            await WriteAsync(parameters, tags, metrics).ConfigureAwait(false);
            foreach (var done in waiting)
            {
                if (_failure is { } failure) done.TrySetException(Failed(failure));
                else done.TrySetResult();
            }

            waiting.Clear();
        }
    }

    private async Task WriteAsync(Dictionary<string, string> parameters, Dictionary<string, string> tags, List<MetricPoint> metrics)
    {
        if (parameters.Count == 0 && tags.Count == 0 && metrics.Count == 0) return;
        if (_failure is null)
        {
            try
            {
                await _client.Store.LogBatchAsync(RunId, new RunBatch(
                    parameters.Count > 0 ? new Dictionary<string, string>(parameters) : null,
                    tags.Count > 0 ? new Dictionary<string, string>(tags) : null,
                    metrics.Count > 0 ? metrics.ToArray() : null)).ConfigureAwait(false);
                Volatile.Write(ref _lastWrite, Environment.TickCount64);
            }
            catch (Exception e)
            {
                Volatile.Write(ref _failure, e);
            }
        }

        parameters.Clear();
        tags.Clear();
        metrics.Clear();
    }

    private async Task UploadAsync(Entry entry)
    {
        try
        {
            if (_failure is null) await _client.LogArtifactAsync(RunId, entry.Text!, entry.Key).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Volatile.Write(ref _failure, e);
        }
        finally
        {
            if (entry.DeleteAfter) File.Delete(entry.Text!);
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(HeartbeatEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (Environment.TickCount64 - Volatile.Read(ref _lastWrite) < HeartbeatEvery.TotalMilliseconds) continue;
                try
                {
                    await _client.Store.HeartbeatAsync(RunId, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed heartbeat only risks the run being taken for abandoned later; logging reports real failures.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "None",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private enum EntryKind
    {
        Param,
        Tag,
        Metric,
        Flush,
        Artifact,
    }

    private sealed record Entry(EntryKind Kind, string Key, string? Text, MetricPoint? Point = null, TaskCompletionSource? Done = null, bool DeleteAfter = false);
}
