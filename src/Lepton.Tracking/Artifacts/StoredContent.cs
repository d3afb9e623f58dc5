namespace Lepton.Tracking.Artifacts;

/// <summary>
/// Checks that a record's content hash names bytes the artifact store holds, before the record is written: a
/// client that skipped or lost its upload gets a 409 now, not a download failure months later.
/// </summary>
internal static class StoredContent
{
    /// <summary>Throws a Conflict naming <paramref name="what"/> unless content <paramref name="hash"/> is stored, of <paramref name="size"/> bytes when given.</summary>
    public static async Task RequireAsync(IArtifactStore artifacts, string hash, long? size, string what, CancellationToken cancellationToken)
    {
        // ExistsAsync checks the hash's form first (400 for one that is not SHA-256 hex).
        if (!await artifacts.ExistsAsync(hash, cancellationToken).ConfigureAwait(false))
        {
            throw new TrackingException(TrackingErrorKind.Conflict,
                $"{what} refers to content sha256:{hash}, which was never uploaded. Upload the file first (POST /api/artifacts), then record it with the hash the upload answered.");
        }

        // Sizes are compared where the store can say one without reading the content (a local folder).
        if (size is not { } expected || artifacts is not LocalArtifactStore local) return;
        var stored = new FileInfo(local.PathOf(hash)).Length;
        if (stored != expected)
        {
            throw new TrackingException(TrackingErrorKind.Conflict,
                $"{what} says it is {expected} bytes, but the content stored under sha256:{hash} is {stored} bytes.");
        }
    }
}
