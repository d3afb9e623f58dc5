namespace Lepton.Tracking;

/// <summary>A file a run produced, by its path within the run and the SHA-256 of its content.</summary>
public sealed record ArtifactEntry(string Path, string Hash, long Size, DateTimeOffset CreatedAt)
{
    /// <summary>Throws an Invalid <see cref="TrackingException"/> naming the first field a store cannot keep.</summary>
    internal void Check()
    {
        Names.CheckArtifactPath(Path);
        Names.CheckHash(Hash);
        if (Size < 0) throw TrackingException.Invalid($"The artifact '{Path}' has a negative size.");
    }
}
