namespace Lepton;

/// <summary>Process-wide engine settings: device, threads and the seed that makes a run reproducible.</summary>
public sealed record RuntimeOptions
{
    /// <summary>The device to run on; <see cref="ComputeDevice.Auto"/> by default.</summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

    /// <summary>Intra-op threads for the CPU; null keeps libtorch's default (one per core).</summary>
    public int? Threads { get; init; }

    /// <summary>Seeds libtorch and Lepton's own random numbers (shuffling, splits, augmentation); null leaves them unseeded.</summary>
    public long? Seed { get; init; }
}
