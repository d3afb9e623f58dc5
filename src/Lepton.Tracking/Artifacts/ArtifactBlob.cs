namespace Lepton.Tracking.Artifacts;

/// <summary>Stored content: its SHA-256 (64 lowercase hex digits) and length in bytes.</summary>
public sealed record ArtifactBlob(string Hash, long Size);
