using System.Globalization;
using System.Text;

namespace Lepton.Data.Tables;

/// <summary>Checks done before the engine sees a file, so missing, empty and binary files get a clear error.</summary>
internal static class FileCheck
{
    private const int SampleBytes = 64 * 1024;

    public static TableFormat ResolveFormat(string path, TableFormat format)
    {
        if (format != TableFormat.Auto) return format;
        return FileCompression.InnerExtension(path) switch
        {
            ".csv" or ".tsv" or ".txt" or ".tab" or ".dat" => TableFormat.Csv,
            ".json" => TableFormat.Json,
            ".jsonl" or ".ndjson" => TableFormat.JsonLines,
            ".parquet" or ".pq" => TableFormat.Parquet,
            var other => throw new TableReadException(path,
                $"{path}: cannot tell the format from the extension '{(FileCompression.Of(path) is null ? other : other + Path.GetExtension(path))}'" +
                " (tables are read from .csv .tsv .txt .json .jsonl .ndjson .parquet, and the first four compressed as .gz or .zst).", FormatHint),
        };
    }

    public static void Check(string path, TableFormat format)
    {
        if (!File.Exists(path))
            throw new TableReadException(path, $"{path}: file not found. Check the path (relative paths start at {Environment.CurrentDirectory}).");
        var length = new FileInfo(path).Length;
        if (length == 0) throw new TableReadException(path, $"{path}: the file is empty (0 bytes); there is no table to read.");

        if (format == TableFormat.Parquet && FileCompression.Of(path) is { } compression)
            throw new TableReadException(path, $"{path}: a Parquet file compressed as a whole ({compression}) cannot be read; Parquet compresses its own pages. Decompress the file first.");

        // One byte more than the sample tells whether the sample is the whole (decompressed) file.
        var buffer = new byte[SampleBytes + 1];
        int read;
        using (var stream = FileCompression.OpenRead(path)) read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var whole = read <= SampleBytes;
        var sample = buffer.AsSpan(0, Math.Min(read, SampleBytes)).ToArray();
        if (read == 0) throw new TableReadException(path, $"{path}: the file decompresses to nothing (0 bytes); there is no table to read.");

        if (format == TableFormat.Parquet)
        {
            if (length < 8 || !sample.AsSpan(0, 4).SequenceEqual("PAR1"u8))
                throw new TableReadException(path, $"{path}: not a Parquet file (it does not start with the PAR1 marker).", FormatHint with { Advice = "Check the file, or {0} if it holds another format." });
            return;
        }

        if (Array.IndexOf(sample, (byte)0) >= 0)
        {
            throw new TableReadException(path,
                $"{path}: looks like a binary file (it contains NUL bytes), not {format} text. If it is UTF-16 text, save it as UTF-8; otherwise check the path.");
        }
        var (controls, invalid) = BinaryShares(sample, whole);
        if (controls > MaxControlShare || invalid > MaxInvalidShare)
        {
            var what = controls > MaxControlShare
                ? $"{controls.ToString("P1", CultureInfo.InvariantCulture)} of its first {sample.Length:N0} bytes are control characters"
                : $"{invalid.ToString("P0", CultureInfo.InvariantCulture)} of its first {sample.Length:N0} bytes are not UTF-8";
            throw new TableReadException(path,
                $"{path}: looks like a binary file, not {format} text ({what}). " +
                "If it is text in another encoding (Windows-1251, Shift JIS, …), save it as UTF-8; otherwise check the path.");
        }
        var text = Encoding.UTF8.GetString(sample).TrimStart('\uFEFF');
        if (whole && string.IsNullOrWhiteSpace(text))
            throw new TableReadException(path, $"{path}: the file has no content (only whitespace{(sample.Length >= 3 && sample[0] == 0xEF ? " and a byte-order mark" : "")}); there is no table to read.");
    }

    // Text has no control characters but tab, line and page breaks (an old DOS end-of-file mark is one byte); random
    // bytes have 11%. Latin-1 text has a byte that is not UTF-8 per accented letter, 20% at most in a list of short
    // names ("Köln"), and is read with those rows reported; random bytes have over half, and so has Cyrillic or
    // Japanese text in a legacy encoding, which the engine cannot read either.
    private const double MaxControlShare = 0.01;
    private const double MaxInvalidShare = 0.3;

    private static readonly TableReadHint FormatHint = new(nameof(TableReadOptions.Format), "TableFormat.Csv (or Json, JsonLines, Parquet)",
        "Name the format: {0}.");

    /// <summary>
    /// The shares of the sample's bytes that text would not have: control characters other than tab, line feed,
    /// carriage return and form feed; and bytes that are not valid UTF-8 (a sequence cut by the sample's end is not
    /// counted unless the sample is the whole file).
    /// </summary>
    internal static (double Controls, double Invalid) BinaryShares(ReadOnlySpan<byte> sample, bool whole)
    {
        if (sample.IsEmpty) return (0, 0);
        long controls = 0, invalid = 0;
        var rest = sample;
        Span<char> chars = stackalloc char[256];
        while (!rest.IsEmpty)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(rest, chars, out var read, out _, replaceInvalidSequences: false, isFinalBlock: false);
            var text = rest[..read];
            foreach (var b in text)
            {
                if ((b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not (byte)'\f') || b == 0x7F) controls++;
            }
            rest = rest[read..];
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                invalid++;
                rest = rest[1..];
            }
            else if (status == System.Buffers.OperationStatus.NeedMoreData)
            {
                if (whole) invalid += rest.Length;
                break;
            }
        }
        return ((double)controls / sample.Length, (double)invalid / sample.Length);
    }

    /// <summary>The 1-based physical line on which each byte offset lies, counted in one pass over the file.</summary>
    public static Dictionary<long, long> LinesAt(string path, IEnumerable<long> offsets)
    {
        var sorted = offsets.Distinct().Order().ToArray();
        var result = new Dictionary<long, long>();
        if (sorted.Length == 0) return result;
        using var stream = FileCompression.OpenRead(path);
        var buffer = new byte[1 << 16];
        long position = 0, line = 1;
        var next = 0;
        int read;
        while (next < sorted.Length && (read = stream.Read(buffer)) > 0)
        {
            for (var i = 0; i < read && next < sorted.Length; i++, position++)
            {
                while (next < sorted.Length && sorted[next] <= position) result[sorted[next++]] = line;
                if (buffer[i] == (byte)'\n') line++;
            }
        }
        while (next < sorted.Length) result[sorted[next++]] = line;
        return result;
    }
}
