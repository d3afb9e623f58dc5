namespace Lepton;

/// <summary>Writes a file through a temporary file beside it and a rename, so readers never see half a file.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> (creating its folder): into a temporary file in the
    /// same folder, flushed to disk, then renamed over the target; on failure the temporary file is deleted and any
    /// earlier file at <paramref name="path"/> is left as it was.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="content">Its bytes.</param>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
