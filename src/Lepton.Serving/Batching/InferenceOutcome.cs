namespace Lepton.Serving.Batching;

/// <summary>
/// What became of one inference request: its rows when it ran, else why not and what the caller may do about it.
/// Batching and hosting report it; only the HTTP layer turns it into a status code and headers.
/// </summary>
internal sealed record InferenceOutcome
{
    private InferenceOutcome(InferenceStatus status) => Status = status;

    public InferenceStatus Status { get; }

    /// <summary>The request's share of its batch's outputs; set only when <see cref="Status"/> is Completed.</summary>
    public InferenceResult? Result { get; private init; }

    /// <summary>For TimedOut: how long it had waited when a worker found its deadline passed; null when its caller stopped waiting first.</summary>
    public TimeSpan? Waited { get; private init; }

    /// <summary>For Faulted: the kind of error the model raised (its details go to the log, never to the caller).</summary>
    public string? Error { get; private init; }

    /// <summary>For QueueFull, ShuttingDown and Unloading: how long a caller should wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    public static InferenceOutcome Completed(InferenceResult result) => new(InferenceStatus.Completed) { Result = result };

    public static InferenceOutcome TimedOut(TimeSpan? waited) => new(InferenceStatus.TimedOut) { Waited = waited };

    public static InferenceOutcome Faulted(string error) => new(InferenceStatus.Faulted) { Error = error };

    public static InferenceOutcome QueueFull(TimeSpan retryAfter) => new(InferenceStatus.QueueFull) { RetryAfter = retryAfter };

    public static InferenceOutcome ShuttingDown(TimeSpan retryAfter) => new(InferenceStatus.ShuttingDown) { RetryAfter = retryAfter };

    public static InferenceOutcome Unloading(TimeSpan retryAfter) => new(InferenceStatus.Unloading) { RetryAfter = retryAfter };
}
