using System.Buffers.Binary;
using System.IO.Compression;

namespace Lepton.Data.Datasets;

/// <summary>
/// Reads IDX files (the MNIST family's format), gzip-compressed or plain, checking everything the header claims
/// against what the file holds so that a truncated or foreign file fails with a message instead of a crash.
/// </summary>
/// <remarks>
/// Layout: two zero bytes, a type code (0x08 = unsigned byte), the number of dimensions, each dimension as a
/// big-endian 32-bit integer, then the values in row-major order.
/// </remarks>
internal static class IdxReader
{
    private const byte UnsignedByte = 0x08;
    private const int MaxRank = 16;
    // Deflate cannot expand data more than about 1032 times, so a header claiming more is corrupt.
    private const long MaxDeflateRatio = 1032;

    /// <summary>Reads a whole IDX file of unsigned bytes.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX file of unsigned bytes; the message names it.</exception>
    public static IdxArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var gzip = file.Length >= 2 && file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        using var stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;

        var magic = new byte[4];
        ReadExactly(stream, magic, path, "the 4-byte header");
        if (magic[0] != 0 || magic[1] != 0)
            throw Invalid(path, $"its magic number is 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8}, but an IDX file starts with two zero bytes (is it an IDX file?)");
        if (magic[2] != UnsignedByte)
            throw Invalid(path, $"it holds {TypeName(magic[2])} values; only unsigned bytes (type 0x08) are supported");
        int rank = magic[3];
        if (rank is 0 or > MaxRank)
            throw Invalid(path, $"its header declares {rank} dimensions; expected 1 to {MaxRank}");

        var dimBytes = new byte[4 * rank];
        ReadExactly(stream, dimBytes, path, $"the {rank} dimension sizes");
        var dims = new int[rank];
        long length = 1;
        for (var i = 0; i < rank; i++)
        {
            var dim = BinaryPrimitives.ReadUInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (dim is 0 or > int.MaxValue)
                throw Invalid(path, $"dimension {i} has size {dim}");
            dims[i] = (int)dim;
            length *= dim;
            if (length > Array.MaxLength)
                throw Invalid(path, $"its dimensions ({string.Join(" x ", dims.Take(i + 1))}...) add up to more values than one array can hold");
        }

        var headerLength = 4L + 4 * rank;
        CheckLength(path, gzip, file.Length, headerLength, length, dims);
        var data = new byte[length];
        ReadExactly(stream, data, path, $"the {length:N0} values of a {string.Join(" x ", dims)} array");
        if (gzip && ReadByteSafely(stream, path) >= 0)
            throw Invalid(path, $"it decompresses to more than the {headerLength + length:N0} bytes its header declares");
        return new IdxArray(dims, data);
    }

    private static void CheckLength(string path, bool gzip, long fileLength, long headerLength, long dataLength, int[] dims)
    {
        var shape = string.Join(" x ", dims);
        if (gzip)
        {
            if (headerLength + dataLength > fileLength * MaxDeflateRatio)
                throw Invalid(path, $"its header declares a {shape} array, far more than {fileLength:N0} compressed bytes can hold (truncated or corrupt)");
            return;
        }
        var actual = fileLength - headerLength;
        if (actual < dataLength)
            throw Invalid(path, $"it holds {actual:N0} bytes of values, but its header declares a {shape} array of {dataLength:N0} (truncated?)");
        if (actual > dataLength)
            throw Invalid(path, $"it has {actual - dataLength:N0} bytes after the {shape} array its header declares (is it an IDX file?)");
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string path, string what)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = stream.Read(buffer, read, buffer.Length - read);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                throw Invalid(path, $"its compressed data is corrupt while reading {what} ({ex.Message})", ex);
            }
            if (n == 0)
                throw Invalid(path, $"it ends after {read:N0} of {buffer.Length:N0} bytes of {what} (truncated?)");
            read += n;
        }
    }

    private static int ReadByteSafely(Stream stream, string path)
    {
        try
        {
            return stream.ReadByte();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw Invalid(path, $"its compressed data is corrupt after the values ({ex.Message})", ex);
        }
    }

    private static string TypeName(byte code) => code switch
    {
        0x09 => "signed byte (type 0x09)",
        0x0B => "16-bit integer (type 0x0B)",
        0x0C => "32-bit integer (type 0x0C)",
        0x0D => "32-bit float (type 0x0D)",
        0x0E => "64-bit float (type 0x0E)",
        _ => $"unknown (type 0x{code:X2})",
    };

    private static InvalidDataException Invalid(string path, string what, Exception? inner = null) =>
        new($"{path} is not a valid IDX file: {what}.", inner);
}
