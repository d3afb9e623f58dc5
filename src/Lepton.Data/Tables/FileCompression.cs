using System.IO.Compression;

namespace Lepton.Data.Tables;

/// <summary>
/// A table file compressed as a whole (<c>.csv.gz</c>, <c>.jsonl.zst</c>): the engine decompresses it itself, and the
/// checks that run before it (binary content, JSON depth and record sizes, line numbers) read it through
/// <see cref="OpenRead"/>, decompressing as they stream, in the same constant memory as for a plain file.
/// </summary>
internal static class FileCompression
{
    /// <summary>The compression named by the file's last extension: <c>gzip</c>, <c>zstd</c> or null for none.</summary>
    public static string? Of(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".gz" or ".gzip" => "gzip",
        ".zst" or ".zstd" => "zstd",
        _ => null,
    };

    /// <summary>The engine's <c>compression</c> argument for the file (with its leading comma), or nothing for a plain file; named rather than left to the engine's guess from the extension, so <c>.gzip</c> and <c>.zstd</c> are read too.</summary>
    public static string SqlArgument(string path) => Of(path) is { } c ? $", compression={Sql.Literal(c)}" : "";

    /// <summary>The file's extension before a compression extension (<c>.csv</c> for <c>data.csv.gz</c>).</summary>
    public static string InnerExtension(string path) =>
        Path.GetExtension(Of(path) is null ? path : Path.GetFileNameWithoutExtension(path)).ToLowerInvariant();

    /// <summary>
    /// The file's bytes as the engine will see them: decompressed when the file is compressed, and then damaged
    /// compressed data is a <see cref="TableReadException"/> naming the file and the compression.
    /// </summary>
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            return Of(path) switch
            {
                "gzip" => new Decompressing(new GZipStream(file, CompressionMode.Decompress), path),
                "zstd" => new Decompressing(new ZstdSharp.DecompressionStream(file), path),
                _ => file,
            };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The error for a compressed file that does not decompress.</summary>
    public static TableReadException Damaged(string path, Exception inner) =>
        new(path, $"{path}: not valid {Of(path)} data ({inner.Message.TrimEnd('.')}); the file may be damaged, cut short or not compressed. " +
            "Check it, or decompress it and read the plain file.", inner: inner);

    /// <summary>A decompressing stream whose decoding errors name the file.</summary>
    private sealed class Decompressing(Stream inner, string path) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException or EndOfStreamException)
            {
                throw Damaged(path, e);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
