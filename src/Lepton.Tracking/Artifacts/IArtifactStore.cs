namespace Lepton.Tracking.Artifacts;

/// <summary>
/// Content-addressed file storage: a file is stored once under the SHA-256 of its bytes, written atomically
/// (never a half file under a hash) and verified when read. A local folder by default; an object store or a
/// remote Lepton server can implement it.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Where artifacts are kept, for messages.</summary>
    string Description { get; }

    /// <summary>Stores <paramref name="content"/> and returns its hash and size; storing the same bytes twice keeps one copy.</summary>
    Task<ArtifactBlob> PutAsync(Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens stored content for reading. The stream checks the hash as it is read and throws a
    /// <see cref="TrackingException"/> (Corrupt) at the end if the bytes do not match; NotFound when absent.
    /// </summary>
    Task<Stream> OpenReadAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>Whether content with this hash is stored.</summary>
    Task<bool> ExistsAsync(string hash, CancellationToken cancellationToken = default);
}
