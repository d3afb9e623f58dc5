namespace Lepton.Serving.Batching;

/// <summary>What became of one inference request, in the terms of batching (the HTTP layer picks the status code).</summary>
internal enum InferenceStatus
{
    /// <summary>The model ran it; the outcome holds its rows.</summary>
    Completed,

    /// <summary>The version's queue held as many requests as it may; nothing was run.</summary>
    QueueFull,

    /// <summary>Its deadline passed before a worker took it; nothing was run.</summary>
    TimedOut,

    /// <summary>The server is stopping and takes no new requests.</summary>
    ShuttingDown,

    /// <summary>The version it was routed to was closing, and no other took its place in time.</summary>
    Unloading,

    /// <summary>The forward pass of its batch threw; the details are in the log.</summary>
    Faulted,
}
