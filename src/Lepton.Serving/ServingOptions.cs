using System.Globalization;

namespace Lepton.Serving;

/// <summary>
/// How an inference server listens, batches, limits and authenticates; checked by <see cref="Validate"/> at start.
/// <see cref="Host"/>, <see cref="Port"/> and <see cref="ShutdownTimeout"/> are for <see cref="InferenceServer"/>: an app that
/// hosts serving with <c>AddLeptonServing</c> listens and stops as its own host says.
/// </summary>
public sealed class ServingOptions
{
    /// <summary>The address to listen on (127.0.0.1 by default; 0.0.0.0 for every interface).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (see <see cref="InferenceServer.Address"/>).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Whether requests waiting in a model's queue are combined into one forward pass.</summary>
    public bool Batching { get; set; } = true;

    /// <summary>The most samples one forward pass may hold when batching.</summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>How long the first request of a batch may wait for others to join it.</summary>
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Inference threads per loaded model version.</summary>
    public int Workers { get; set; } = 1;

    /// <summary>
    /// Engine threads one forward pass may use. A server runs many small passes, and spreading each over several
    /// threads costs more in hand-offs than it saves (at concurrency 64 the quickstart CNN is answered 16% faster with
    /// one thread than with two on a 2-core machine), so the default is 1; run more <see cref="Workers"/> to use more
    /// cores. libtorch keeps this setting per process: the inference threads set it when they start.
    /// </summary>
    public int ThreadsPerWorker { get; set; } = 1;

    /// <summary>
    /// The engine that runs <c>.lepton</c> models: TorchSharp (the default) or ONNX Runtime (the model is exported to
    /// ONNX in memory when it loads; its table pipeline still runs in Lepton). <c>.onnx</c> files always run on ONNX
    /// Runtime. ONNX Runtime's intra-op threads per pass are <see cref="ThreadsPerWorker"/>, inter-op 1.
    /// </summary>
    public InferenceRuntime Runtime { get; set; } = InferenceRuntime.Torch;

    /// <summary>Requests that may wait per model version; one more is answered 429 with Retry-After.</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>The deadline of a request that does not set its own (<c>X-Lepton-Timeout-Ms</c> or the <c>timeout_ms</c> parameter).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest request body accepted, in bytes; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The API key file (see <see cref="ApiKeyStore"/>); null for <c>LEPTON_HOME/serving/keys.json</c>.</summary>
    public string? KeysPath { get; set; }

    /// <summary>
    /// Whether model and admin routes need an API key. Null (the default) means: when the key file holds at least
    /// one active key.
    /// </summary>
    public bool? RequireApiKeys { get; set; }

    /// <summary>
    /// Lets a server listening on a non-loopback address start with no API keys (<c>lepton serve --insecure</c>).
    /// Without it, such a server refuses to start: anyone who can reach it could run and replace models.
    /// </summary>
    public bool AllowUnauthenticatedRemote { get; set; }

    /// <summary>Extra Kestrel limits (tests set short body data rates with it).</summary>
    internal Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits>? ConfigureLimits { get; set; }

    /// <summary>The append-only audit log of admin actions; null for <c>LEPTON_HOME/serving/audit.jsonl</c>.</summary>
    public string? AuditLogPath { get; set; }

    /// <summary>The tracking store registry references are resolved in; null for the environment's (see <c>LEPTON_TRACKING_URI</c>).</summary>
    public string? TrackingUri { get; set; }

    /// <summary>How long shutdown waits for requests in flight to finish.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The key file in use.</summary>
    public string ResolvedKeysPath => KeysPath ?? ApiKeyStore.DefaultPath;

    /// <summary>The audit log in use.</summary>
    public string ResolvedAuditLogPath => AuditLogPath ?? AuditLog.DefaultPath;

    /// <summary>Every problem with these settings, one message each; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Host)) problems.Add("Host is empty: give an address such as 127.0.0.1.");
        else if (Host is not ("localhost" or "*") && !System.Net.IPAddress.TryParse(Host, out _))
            problems.Add($"Host '{Host}' is not an IP address: give one such as 127.0.0.1 or 0.0.0.0, or localhost.");
        if (Port is < 0 or > 65535) problems.Add(Invariant($"Port {Port} is not a TCP port (0–65535; 0 picks a free one)."));
        if (MaxBatchSize is < 1 or > 65536) problems.Add(Invariant($"MaxBatchSize {MaxBatchSize} must be between 1 and 65536."));
        if (MaxQueueDelay < TimeSpan.Zero || MaxQueueDelay > TimeSpan.FromSeconds(10)) problems.Add(Invariant($"MaxQueueDelay {MaxQueueDelay.TotalMilliseconds} ms must be between 0 and 10000 ms."));
        if (Workers is < 1 or > 64) problems.Add(Invariant($"Workers {Workers} must be between 1 and 64."));
        if (ThreadsPerWorker is < 1 or > 256) problems.Add(Invariant($"ThreadsPerWorker {ThreadsPerWorker} must be between 1 and 256."));
        if (QueueCapacity is < 1 or > 1_000_000) problems.Add(Invariant($"QueueCapacity {QueueCapacity} must be between 1 and 1000000."));
        if (RequestTimeout <= TimeSpan.Zero) problems.Add("RequestTimeout must be positive.");
        if (MaxRequestBodyBytes < 1024) problems.Add(Invariant($"MaxRequestBodyBytes {MaxRequestBodyBytes} must be at least 1024."));
        if (ShutdownTimeout < TimeSpan.Zero) problems.Add("ShutdownTimeout must not be negative.");
        return problems;
    }

    /// <summary>
    /// Why a server with these settings would be open beyond this machine: it listens on an address other than
    /// loopback (127.0.0.0/8, ::1, localhost) and no API key guards it. Null when it would not be (whatever
    /// <see cref="AllowUnauthenticatedRemote"/> says).
    /// </summary>
    public string? UnauthenticatedExposure()
    {
        if (HostAddresses.IsLoopback(Host)) return null;
        var guarded = RequireApiKeys ?? new ApiKeyStore(ResolvedKeysPath).List().Any(k => k.RevokedAt is null);
        if (guarded) return null;
        return $"The server would listen on {Host}, beyond this machine, with no API key: anyone who reaches it could run, load and unload models. " +
            $"Create a key first (lepton keys create NAME --scope admin --scope model:*, kept in {ResolvedKeysPath}), listen on 127.0.0.1, " +
            "or pass --insecure (ServingOptions.AllowUnauthenticatedRemote) to serve without keys anyway.";
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem when the settings are not usable.</summary>
    public void ThrowIfInvalid()
    {
        if (Problems() is { } problems) throw new ArgumentException(problems);
    }

    /// <summary>Copies every setting to <paramref name="target"/>, an instance the options pipeline made.</summary>
    internal void CopyTo(ServingOptions target)
    {
        foreach (var property in typeof(ServingOptions).GetProperties())
        {
            if (property.CanWrite) property.SetValue(target, property.GetValue(this));
        }
    }

    /// <summary>One message naming every problem, or null when the settings are usable.</summary>
    internal string? Problems()
    {
        var problems = Validate();
        return problems.Count == 0 ? null : "Invalid serving options: " + string.Join(" ", problems);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
