namespace Lepton.Tracking;

/// <summary>A file a run produced, by its path within the run and the SHA-256 of its content.</summary>
public sealed record ArtifactEntry(string Path, string Hash, long Size, DateTimeOffset CreatedAt);
