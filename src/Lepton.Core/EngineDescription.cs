namespace Lepton;

/// <summary>
/// The tensor engine this process runs on, as a run records it so its result can be reproduced. Lepton's engine
/// registers itself when it loads; a process that never loads it (a tracking server, a client) has none.
/// </summary>
/// <param name="Name">The engine, e.g. <c>TorchSharp</c>.</param>
/// <param name="Version">The engine's version.</param>
/// <param name="Threads">The intra-op threads it uses on the CPU.</param>
/// <param name="Device">The device models and tensors go to, e.g. <c>cpu</c>.</param>
public sealed record EngineDescription(string Name, string Version, int Threads, string Device)
{
    private static Func<EngineDescription>? s_describe;

    /// <summary>The loaded engine's description, or null when no engine is loaded in this process.</summary>
    public static EngineDescription? Current => Volatile.Read(ref s_describe)?.Invoke();

    /// <summary>
    /// Called by the engine as it loads, with a function that describes it at the time of asking. The first
    /// registration stays: a process runs on one engine. Returns whether this one was taken.
    /// </summary>
    public static bool Register(Func<EngineDescription> describe)
    {
        ArgumentNullException.ThrowIfNull(describe);
        return Interlocked.CompareExchange(ref s_describe, describe, null) is null;
    }
}
