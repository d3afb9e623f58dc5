using System.Security.Cryptography;
using System.Text;

namespace Lepton.Tracking;

/// <summary>What identifies a dataset: a content hash, its size in rows and its schema.</summary>
/// <param name="Name">A human name, e.g. <c>fashion-mnist/train</c>.</param>
/// <param name="Hash">SHA-256 of the content (hex), so two runs on the same data can be matched.</param>
/// <param name="Rows">Examples or rows.</param>
/// <param name="Schema">Columns or shapes, as text (JSON).</param>
public sealed record DatasetFingerprint(string Name, string Hash, long Rows, string Schema)
{
    /// <summary>The fingerprint of files (hashed in order, names included) holding <paramref name="rows"/> rows.</summary>
    public static DatasetFingerprint FromFiles(string name, long rows, string schema, params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0) throw new ArgumentException("Name at least one file.", nameof(paths));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendFiles(hash, paths);
        return new DatasetFingerprint(name, Convert.ToHexStringLower(hash.GetHashAndReset()), rows, schema);
    }

    /// <summary>
    /// The fingerprint of labelled files, an image folder's: a listing of each file's path under <paramref name="root"/>
    /// with its label, then every file. The listing makes it change when a file moves to another label, not only when
    /// a file's bytes change.
    /// </summary>
    public static DatasetFingerprint FromLabelledFiles(string name, string schema, string root, IReadOnlyList<(string Path, string Label)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException("Name at least one file.", nameof(files));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // As a file named listing.txt with a line per file would hash, so fingerprints recorded before stay the same.
        var listing = new StringBuilder("listing.txt\n");
        foreach (var (path, label) in files) listing.Append(Path.GetRelativePath(root, path).Replace('\\', '/')).Append('\t').Append(label).Append('\n');
        hash.AppendData(Encoding.UTF8.GetBytes(listing.ToString()));
        AppendFiles(hash, [.. files.Select(f => f.Path)]);
        return new DatasetFingerprint(name, Convert.ToHexStringLower(hash.GetHashAndReset()), files.Count, schema);
    }

    private static void AppendFiles(IncrementalHash hash, string[] paths)
    {
        var buffer = new byte[1 << 16];
        foreach (var path in paths)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(path) + "\n"));
            using var file = File.OpenRead(path);
            int read;
            while ((read = file.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
    }
}
