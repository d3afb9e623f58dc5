using System.IO.Compression;

namespace Lepton.Nn.Serialization;

/// <summary>
/// A model file's zip, read within <see cref="ModelFileLimits"/>: every entry's declared size and compression ratio
/// are checked when it opens, and an entry's bytes are counted while reading, since headers can lie.
/// </summary>
internal sealed class ModelArchive : IDisposable
{
    private readonly ZipArchive _zip;

    private ModelArchive(ZipArchive zip) => _zip = zip;

    /// <summary>Opens the zip in <paramref name="stream"/> and checks every entry's size; the stream stays open.</summary>
    public static ModelArchive Open(Stream stream)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"it is not a readable Lepton model file (not a zip archive: {ex.Message})", ex);
        }
        var archive = new ModelArchive(zip);
        try
        {
            foreach (var entry in zip.Entries) CheckSize(entry);
            return archive;
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>The entry called <paramref name="name"/>, or null.</summary>
    public ZipArchiveEntry? Find(string name) => _zip.GetEntry(name);

    /// <summary>The entry's bytes: exactly as many as its header declares, or an error naming it.</summary>
    public static byte[] Read(ZipArchiveEntry entry)
    {
        CheckSize(entry);
        var bytes = new byte[entry.Length];
        int read;
        bool longer;
        try
        {
            using var stream = entry.Open();
            read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            longer = read == bytes.Length && stream.ReadByte() != -1;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"{entry.FullName} cannot be read ({ex.Message}): the file is damaged.", ex);
        }
        if (read < bytes.Length)
            throw new InvalidDataException($"{entry.FullName} holds {read} bytes but its zip header says {entry.Length}: the file is truncated or corrupted.");
        if (longer)
            throw new InvalidDataException($"{entry.FullName} holds more bytes than its zip header says ({entry.Length}): the file is corrupted or crafted.");
        return bytes;
    }

    public void Dispose() => _zip.Dispose();

    private static void CheckSize(ZipArchiveEntry entry)
    {
        var limit = entry.FullName == ModelFile.ManifestEntry ? ModelFileLimits.MaxManifestBytes : ModelFileLimits.MaxEntryBytes;
        if (entry.Length < 0 || entry.Length > limit)
            throw new InvalidDataException(
                $"{entry.FullName} declares {ModelFileLimits.Size(entry.Length)} uncompressed, more than the {ModelFileLimits.Size(limit)} a model file's {entry.FullName} may hold.");
        if (entry.Length > ModelFileLimits.RatioExemptBytes && entry.Length > entry.CompressedLength * ModelFileLimits.MaxCompressionRatio)
            throw new InvalidDataException(
                $"{entry.FullName} would inflate from {ModelFileLimits.Size(entry.CompressedLength)} to {ModelFileLimits.Size(entry.Length)}, more than {ModelFileLimits.MaxCompressionRatio} times its compressed size: the file looks like a zip bomb.");
    }
}
