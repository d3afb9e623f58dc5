namespace Lepton.Serving.Protocol;

/// <summary>A loaded model version as the admin API shows it.</summary>
/// <param name="Name">The model.</param>
/// <param name="Version">The version.</param>
/// <param name="Source">The file or registry reference it was loaded from.</param>
/// <param name="Traffic">Its share of unpinned traffic (0–1).</param>
/// <param name="QueueDepth">Requests waiting now.</param>
/// <param name="LoadedAt">When it was loaded.</param>
/// <param name="LoadSeconds">How long loading and warm-up took.</param>
public sealed record ModelStatus(string Name, string Version, string Source, double Traffic, int QueueDepth, DateTimeOffset LoadedAt, double LoadSeconds)
{
    /// <summary>The engine that runs its passes: <c>torch</c> (TorchSharp) or <c>onnx</c> (ONNX Runtime); null from a server that does not say.</summary>
    public string? Runtime { get; init; }
}
