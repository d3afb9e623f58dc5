using System.Security.Cryptography;

namespace Lepton.Tracking.Artifacts;

/// <summary>
/// Artifacts in a local folder: <c>sha256/ab/cdef…</c> by content hash. Content is written to <c>tmp/</c> first
/// and renamed into place only once complete and hashed, so a killed upload never leaves a half file under a hash.
/// </summary>
public sealed class LocalArtifactStore : IArtifactStore
{
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    /// <summary>Opens (creating when absent) the store at <paramref name="root"/>, removing uploads abandoned by killed processes.</summary>
    public LocalArtifactStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(TempFolder);
        Directory.CreateDirectory(Path.Combine(Root, "sha256"));
        RemoveAbandonedUploads();
    }

    /// <summary>The store's folder.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public string Description => Root;

    private string TempFolder => Path.Combine(Root, "tmp");

    /// <inheritdoc />
    public async Task<ArtifactBlob> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var temp = Path.Combine(TempFolder, $"{Guid.NewGuid():N}.part");
        try
        {
            string hash;
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hasher.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                size = file.Length;
                hash = Convert.ToHexStringLower(hasher.GetHashAndReset());
            }

            var target = PathOf(hash);
            if (File.Exists(target))
            {
                File.Delete(temp); // same bytes already stored
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Move(temp, target);
                }
                catch (IOException) when (File.Exists(target))
                {
                    File.Delete(temp); // another writer stored the same bytes first
                }
            }

            return new ArtifactBlob(hash, size);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string hash, CancellationToken cancellationToken = default)
    {
        Names.CheckHash(hash);
        var path = PathOf(hash);
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream>(new VerifyingStream(file, hash, path));
        }
        catch (FileNotFoundException)
        {
            throw TrackingException.NotFound($"There is no artifact {hash} in {Root}.");
        }
        catch (DirectoryNotFoundException)
        {
            throw TrackingException.NotFound($"There is no artifact {hash} in {Root}.");
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string hash, CancellationToken cancellationToken = default)
    {
        Names.CheckHash(hash);
        return Task.FromResult(File.Exists(PathOf(hash)));
    }

    internal string PathOf(string hash) => Path.Combine(Root, "sha256", hash[..2], hash[2..]);

    private void RemoveAbandonedUploads()
    {
        // Only old ones: a fresh .part file may belong to an upload still running in another process.
        foreach (var part in Directory.EnumerateFiles(TempFolder, "*.part"))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(part) > AbandonedAfter) TryDelete(part);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
