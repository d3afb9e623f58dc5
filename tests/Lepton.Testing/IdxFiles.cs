using System.Buffers.Binary;
using System.IO.Compression;

namespace Lepton.Testing;

/// <summary>Writes IDX files for tests, plain or gzip-compressed.</summary>
public static class IdxFiles
{
    /// <summary>An IDX file's bytes: the header (type, dimensions) then <paramref name="data"/>.</summary>
    public static byte[] Bytes(int[] dims, byte[] data, byte type = 0x08)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    /// <summary><paramref name="plain"/> gzip-compressed.</summary>
    public static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(plain);
        return output.ToArray();
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="folder"/>/<paramref name="name"/> and returns the path.</summary>
    public static string Write(string folder, string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// Writes a Fashion-MNIST look-alike (the four IDX files, gzip-compressed) that a CNN learns in seconds: label
    /// <c>k</c> is a bright horizontal band at rows <c>2k + 4</c> to <c>2k + 6</c> over faint noise. Returns the folder.
    /// </summary>
    public static string WriteFashionMnist(string folder, int trainPerClass, int testPerClass, int seed = 0)
    {
        var random = new Random(seed);
        foreach (var (prefix, perClass) in new[] { ("train", trainPerClass), ("t10k", testPerClass) })
        {
            var count = perClass * 10;
            var pixels = new byte[count * 28 * 28];
            var labels = new byte[count];
            for (var n = 0; n < count; n++)
            {
                var label = n % 10;
                labels[n] = (byte)label;
                for (var r = 0; r < 28; r++)
                {
                    for (var c = 0; c < 28; c++)
                        pixels[(n * 28 + r) * 28 + c] = (byte)(r >= 2 * label + 4 && r <= 2 * label + 6 ? 200 + random.Next(50) : random.Next(40));
                }
            }
            Write(folder, $"{prefix}-images-idx3-ubyte.gz", Gzip(Bytes([count, 28, 28], pixels)));
            Write(folder, $"{prefix}-labels-idx1-ubyte.gz", Gzip(Bytes([count], labels)));
        }
        return folder;
    }
}
