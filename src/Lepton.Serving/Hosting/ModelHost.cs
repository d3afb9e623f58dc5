using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Lepton.Data.Pipelines;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;
using Lepton.Export.Onnx;
using Lepton.Export.Runtime;
using Lepton.Serving.Batching;
using Lepton.Serving.Observability;
using Lepton.Serving.Protocol;
using Lepton.Serving.Runtimes;
using Lepton.Tracking;
using Microsoft.Extensions.Logging;

namespace Lepton.Serving.Hosting;

/// <summary>
/// Every model version the server holds: loads them from files or the registry beside what is already served,
/// routes each request to a version (pinned or by traffic weight), and drains a version before it is unloaded.
/// </summary>
internal sealed partial class ModelHost : IAsyncDisposable
{
    // How long a caller turned away by a full queue, a closing version or shutdown should wait before trying again.
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, ModelSlot> _slots = new(StringComparer.Ordinal);
    private readonly ServingOptions _options;
    private readonly ServingMetrics _metrics;
    private readonly ILogger<ModelHost> _logger;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private TrackingClient? _tracking;
    private volatile bool _stopping;

    public ModelHost(ServingOptions options, ServingMetrics metrics, ILogger<ModelHost> logger)
    {
        _options = options;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Where this server says it runs, recorded with registry deployments.</summary>
    public string DeploymentTarget { get; set; } = "lepton serve";

    /// <summary>Whether the server answers inference: at least one model loaded and not shutting down.</summary>
    public bool IsReady => !_stopping && _slots.Values.Any(s => !s.Routes.IsEmpty);

    public IReadOnlyList<ModelSlot> Slots => _slots.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Loads a model version from a <c>.lepton</c> file or a registry reference (<c>name@alias</c>, <c>name/3</c>)
    /// beside the versions already loaded. The first version of a name, or any when <paramref name="switchTraffic"/>
    /// is set, then takes all unpinned traffic.
    /// </summary>
    public async Task<LoadedModel> LoadAsync(string? name, string source, string? version, bool switchTraffic, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (servedName, servedVersion, path, registry) = await ResolveAsync(name, source, version, cancellationToken).ConfigureAwait(false);
            if (_slots.GetValueOrDefault(servedName)?.Find(servedVersion) is not null)
                throw ModelHostException.Conflict($"Model '{servedName}' version {servedVersion} is already loaded; reload it, or load the new file as another version.");
            var loaded = await LoadVersionAsync(servedName, servedVersion, source, path, cancellationToken).ConfigureAwait(false);
            // The name appears only once a version of it loaded, so a failed load leaves nothing behind.
            var slot = _slots.GetOrAdd(servedName, n => new ModelSlot(n));
            lock (slot.Gate)
            {
                slot.Versions[servedVersion] = loaded;
                if (switchTraffic || slot.Routes.IsEmpty) SetRoutes(slot, [(loaded, 1.0)]);
            }
            if (registry is { } r) await RecordDeploymentAsync(r.Name, r.Version, cancellationToken).ConfigureAwait(false);
            return loaded;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Loads a version again from where it came from, swaps it in with the same traffic, and drains the old copy.</summary>
    public async Task<LoadedModel> ReloadAsync(string name, string version, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        LoadedModel old, fresh;
        try
        {
            var slot = Slot(name);
            old = slot.Find(version) ?? throw ModelHostException.NotFound($"Model '{name}' has no loaded version {version}.");
            fresh = await LoadVersionAsync(name, version, old.Source, old.Path, cancellationToken).ConfigureAwait(false);
            lock (slot.Gate)
            {
                slot.Versions[version] = fresh;
                var routes = slot.Routes.Weights.Select(w => (Model: w.Key == version ? fresh : slot.Versions[w.Key], Weight: w.Value)).ToList();
                SetRoutes(slot, routes);
            }
        }
        finally
        {
            _changes.Release();
        }
        await DrainAsync(old, unloaded: false).ConfigureAwait(false);
        return fresh;
    }

    /// <summary>Removes one version (or every version when <paramref name="version"/> is null) after finishing its queued requests.</summary>
    public async Task<IReadOnlyList<string>> UnloadAsync(string name, string? version, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        List<LoadedModel> removed;
        try
        {
            var slot = Slot(name);
            lock (slot.Gate)
            {
                removed = version is null ? slot.Versions.Values.ToList()
                    : [slot.Versions.GetValueOrDefault(version) ?? throw ModelHostException.NotFound($"Model '{name}' has no loaded version {version}.")];
                foreach (var m in removed) slot.Versions.Remove(m.Version);
                var remaining = slot.Routes.Weights.Where(w => slot.Versions.ContainsKey(w.Key)).Select(w => (slot.Versions[w.Key], w.Value)).ToList();
                if (remaining.Count == 0 && slot.Versions.Count > 0) remaining = [(slot.Versions.Values.OrderByDescending(v => v.LoadedAt).First(), 1.0)];
                SetRoutes(slot, remaining);
                if (slot.Versions.Count == 0) _slots.TryRemove(name, out _);
            }
        }
        finally
        {
            _changes.Release();
        }
        foreach (var m in removed) await DrainAsync(m, unloaded: true).ConfigureAwait(false);
        return removed.Select(m => m.Version).ToList();
    }

    /// <summary>Splits a model's unpinned traffic among loaded versions by weight (e.g. 90 and 10 for a canary).</summary>
    public IReadOnlyDictionary<string, double> SetTraffic(string name, IReadOnlyDictionary<string, double> weights)
    {
        var slot = Slot(name);
        if (weights.Count == 0) throw ModelHostException.Invalid("Give at least one version and its weight, e.g. {\"1\": 90, \"2\": 10}.");
        foreach (var (v, w) in weights)
        {
            if (!double.IsFinite(w) || w < 0) throw ModelHostException.Invalid($"The weight of version {v} is {w}; weights must be numbers of 0 or more.");
        }
        if (weights.Values.Sum() <= 0) throw ModelHostException.Invalid("At least one weight must be above 0.");
        lock (slot.Gate)
        {
            var entries = new List<(LoadedModel, double)>();
            foreach (var (v, w) in weights.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var model = slot.Versions.GetValueOrDefault(v) ?? throw ModelHostException.Invalid($"Model '{name}' has no loaded version {v}; loaded: {string.Join(", ", slot.Versions.Keys)}.");
                if (w > 0) entries.Add((model, w));
            }
            SetRoutes(slot, entries);
            return slot.Routes.Weights;
        }
    }

    /// <summary>The version a request goes to: the pinned one, else one chosen by traffic weight.</summary>
    public LoadedModel Route(string name, string? version)
    {
        var slot = Slot(name);
        if (version is not null)
            return slot.Find(version) ?? throw ModelHostException.NotFound($"Model '{name}' has no loaded version {version}; loaded: {string.Join(", ", slot.Versions.Keys)}.");
        return slot.Routes.Pick() ?? throw new ModelHostException(HostErrorKind.Unavailable, $"Model '{name}' has no version taking traffic.");
    }

    /// <summary>A loaded version as the admin API and <see cref="InferenceServer.LoadAsync"/> describe it.</summary>
    public ModelStatus Status(LoadedModel m) =>
        new(m.Name, m.Version, m.Source, Slot(m.Name).Routes.Weights.GetValueOrDefault(m.Version), m.Batcher.Depth, m.LoadedAt, m.LoadTime.TotalSeconds) { Runtime = RuntimeLabel(m.Runtime) };

    /// <summary>The model label for metrics: the name when such a model is loaded, else <c>_unknown</c>.</summary>
    public string MetricLabel(string name) => _slots.ContainsKey(name) ? name : "_unknown";

    /// <summary>Counts a request for <paramref name="name"/> as in flight from the moment it arrives; dispose when answered.</summary>
    public InFlightRequest Enter(string name)
    {
        var slot = _slots.GetValueOrDefault(name);
        if (slot is not null) Interlocked.Increment(ref slot.InFlight);
        return new InFlightRequest(slot);
    }

    public ModelSlot Slot(string name) =>
        _slots.GetValueOrDefault(name) ?? throw ModelHostException.NotFound($"No model named '{name}' is loaded{LoadedNames()}.");

    /// <summary>
    /// Routes a request, runs it at once when it is alone or else queues it, and waits for its outcome until its
    /// deadline. A version closed between routing and queueing (being unloaded or replaced) sends the request to the
    /// version now taking its traffic instead. The model is the version the request reached (null when none did).
    /// </summary>
    public async Task<(LoadedModel? Model, InferenceOutcome Outcome)> InferAsync(string name, string? version, Func<LoadedModel, long, InferenceItem> build, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        for (var attempt = 0; ; attempt++)
        {
            if (_stopping) return (null, InferenceOutcome.ShuttingDown(RetryPause));
            var model = Route(name, version);
            var item = build(model, deadline);
            if (!model.Batcher.TryRunAlone(item))
            {
                switch (model.Batcher.TryEnqueue(item))
                {
                    case EnqueueOutcome.Full:
                        return (model, InferenceOutcome.QueueFull(RetryPause));
                    case EnqueueOutcome.Closed when attempt < 20:
                        await Task.Yield();
                        continue;
                    case EnqueueOutcome.Closed:
                        return (model, InferenceOutcome.Unloading(RetryPause));
                }
            }
            return (model, await WaitAsync(item, deadline, cancellationToken).ConfigureAwait(false));
        }
    }

    private static async Task<InferenceOutcome> WaitAsync(InferenceItem item, long deadline, CancellationToken cancellationToken)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        try
        {
            return await item.Outcome.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (item.TryAbandon())
        {
            return InferenceOutcome.TimedOut(waited: null);
        }
        catch (TimeoutException)
        {
            // Already running: its answer is moments away, and the work is done anyway.
            return await item.Outcome.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            item.TryAbandon();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        var all = _slots.Values.SelectMany(s => { lock (s.Gate) return s.Versions.Values.ToList(); }).ToList();
        _slots.Clear();
        await Task.WhenAll(all.Select(m => DrainAsync(m, unloaded: true))).ConfigureAwait(false);
        if (_tracking is not null) await _tracking.DisposeAsync().ConfigureAwait(false);
        _changes.Dispose();
    }

    private async Task<LoadedModel> LoadVersionAsync(string name, string version, string source, string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (runner, table) = await Task.Run(() => LoadAndWarmUp(path), cancellationToken).ConfigureAwait(false);
        var loadTime = Stopwatch.GetElapsedTime(started);
        var batcher = new InferenceBatcher(runner, name, version, _options, _metrics, _logger, () => _slots.GetValueOrDefault(name)?.InFlight ?? 0);
        var loaded = new LoadedModel(name, version, source, path, batcher, loadTime, table);
        _metrics.LoadTime.WithLabels(name, version).Set(loadTime.TotalSeconds);
        _metrics.Loaded.WithLabels(name, version).Set(1);
        _metrics.Runtime.WithLabels(name, version, RuntimeLabel(loaded.Runtime)).Set(1);
        Log.Loaded(_logger, name, version, source, RuntimeLabel(loaded.Runtime), loadTime.TotalMilliseconds);
        return loaded;
    }

    /// <summary>The runtime's name in metadata, metrics and logs: <c>torch</c> or <c>onnx</c>.</summary>
    internal static string RuntimeLabel(InferenceRuntime runtime) => runtime == InferenceRuntime.Onnx ? "onnx" : "torch";

    /// <summary>
    /// Opens a model file on the runtime it needs: an <c>.onnx</c> file or a quantized <c>.lepton</c> file on ONNX Runtime, a <c>.lepton</c> file on
    /// TorchSharp, or exported in memory to ONNX Runtime when the server runs <see cref="InferenceRuntime.Onnx"/>.
    /// </summary>
    private IInferenceRunner Open(string path)
    {
        if (_options.Runtime == InferenceRuntime.Torch && !OnnxModel.NeedsOnnxRuntime(path)) return new TorchRunner(Model.Load(path), _options.ThreadsPerWorker);
        try
        {
            return new OnnxRunner(OnnxModel.Load(path, _options.ThreadsPerWorker));
        }
        catch (OnnxExportException e)
        {
            throw ModelHostException.Invalid($"'{path}' cannot run on ONNX Runtime: {e.Message} Serve it with the torch runtime instead.");
        }
    }

    /// <summary>Reads the file and runs one sample through it, so the first real request is not the slow one.</summary>
    private (IInferenceRunner Runner, TablePreprocessing? Table) LoadAndWarmUp(string path)
    {
        var runner = Open(path);
        TablePreprocessing? table = null;
        try
        {
            // A whole table ONNX model runs its pipeline in the graph; the one in its metadata only describes it.
            table = runner.Columns is null ? TablePreprocessing.ReadFrom(runner.Metadata.Preprocessing) : null;
            OutputHead.Of(runner.Metadata, runner.OutputShape);
            runner.WarmUp();
            return (runner, table);
        }
        catch (PipelineException e)
        {
            runner.Dispose();
            throw new InvalidDataException(e.Message, e);
        }
        catch
        {
            runner.Dispose();
            table?.Dispose();
            throw;
        }
    }

    private async Task DrainAsync(LoadedModel model, bool unloaded)
    {
        await model.Batcher.CloseAsync().ConfigureAwait(false);
        model.Runner.Dispose();
        model.Table?.Dispose();
        if (unloaded)
        {
            _metrics.Loaded.WithLabels(model.Name, model.Version).Set(0);
            _metrics.TrafficWeight.WithLabels(model.Name, model.Version).Set(0);
            _metrics.Runtime.WithLabels(model.Name, model.Version, RuntimeLabel(model.Runtime)).Set(0);
        }
        Log.Drained(_logger, model.Name, model.Version);
    }

    private void SetRoutes(ModelSlot slot, IReadOnlyList<(LoadedModel Model, double Weight)> entries)
    {
        var table = new RouteTable(entries);
        slot.Routes = table;
        foreach (var v in slot.Versions.Keys)
            _metrics.TrafficWeight.WithLabels(slot.Name, v).Set(table.Weights.GetValueOrDefault(v));
    }

    private async Task<(string Name, string Version, string Path, (string Name, int Version)? Registry)> ResolveAsync(string? name, string source, string? version, CancellationToken cancellationToken)
    {
        if (name is not null) CheckName(name, "model name");
        if (version is not null) CheckName(version, "version");
        if (!ModelReference.LooksLikeReference(source) || OnnxModel.IsOnnxFile(source))
        {
            var full = Path.GetFullPath(source);
            if (!File.Exists(full)) throw ModelHostException.Invalid($"There is no model file '{source}' on the server.");
            var servedName = name ?? SafeName(Path.GetFileNameWithoutExtension(full));
            return (servedName, version ?? NextVersion(servedName), full, null);
        }

        var tracking = await TrackingAsync(cancellationToken).ConfigureAwait(false);
        var (registered, path) = await tracking.Registry.DownloadAsync(source, cancellationToken).ConfigureAwait(false);
        return (name ?? registered.Name, version ?? registered.Version.ToString(CultureInfo.InvariantCulture), path, (registered.Name, registered.Version));
    }

    private async Task RecordDeploymentAsync(string name, int version, CancellationToken cancellationToken)
    {
        try
        {
            var tracking = await TrackingAsync(cancellationToken).ConfigureAwait(false);
            await tracking.Store.RecordDeploymentAsync(name, version, DeploymentTarget, cancellationToken).ConfigureAwait(false);
        }
        catch (TrackingException ex)
        {
            // Serving goes on; lineage is worth a warning, not an outage.
            Log.DeploymentNotRecorded(_logger, name, version, ex.Message);
        }
    }

    private async Task<TrackingClient> TrackingAsync(CancellationToken cancellationToken) =>
        _tracking ??= await TrackingClient.OpenAsync(
            _options.TrackingUri is { Length: > 0 } uri ? TrackingSettings.FromEnvironment() with { TrackingUri = uri } : TrackingSettings.FromEnvironment(),
            cancellationToken).ConfigureAwait(false);

    private string NextVersion(string name)
    {
        if (_slots.GetValueOrDefault(name) is not { } slot) return "1";
        lock (slot.Gate)
        {
            var highest = slot.Versions.Keys.Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
            return (highest + 1).ToString(CultureInfo.InvariantCulture);
        }
    }

    private string LoadedNames() => _slots.IsEmpty ? "" : $"; loaded: {string.Join(", ", _slots.Keys.Order(StringComparer.Ordinal))}";

    internal static void CheckName(string value, string what)
    {
        if (!NamePattern().IsMatch(value))
            throw ModelHostException.Invalid($"The {what} '{value}' is not valid: use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
    }

    private static string SafeName(string text)
    {
        var cleaned = InvalidChars().Replace(text, "-").Trim('-', '.', '_');
        return cleaned.Length == 0 ? "model" : cleaned[..Math.Min(cleaned.Length, 64)];
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex InvalidChars();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Model} version {Version} from {Source} on {Runtime} in {Milliseconds:0} ms")]
        public static partial void Loaded(ILogger logger, string model, string version, string source, string runtime, double milliseconds);

        [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} version {Version} finished its queued requests and was released")]
        public static partial void Drained(ILogger logger, string model, string version);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the deployment of {Model} version {Version} in the registry: {Reason}")]
        public static partial void DeploymentNotRecorded(ILogger logger, string model, int version, string reason);
    }
}
