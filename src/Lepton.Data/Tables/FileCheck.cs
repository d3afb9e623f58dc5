using System.Text;

namespace Lepton.Data.Tables;

/// <summary>Checks done before the engine sees a file, so missing, empty and binary files get a clear error.</summary>
internal static class FileCheck
{
    private const int SampleBytes = 64 * 1024;

    public static TableFormat ResolveFormat(string path, TableFormat format)
    {
        if (format != TableFormat.Auto) return format;
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" or ".tsv" or ".txt" or ".tab" or ".dat" => TableFormat.Csv,
            ".json" => TableFormat.Json,
            ".jsonl" or ".ndjson" => TableFormat.JsonLines,
            ".parquet" or ".pq" => TableFormat.Parquet,
            var other => throw new TableReadException(path,
                $"{path}: cannot tell the format from the extension '{other}'. Set TableReadOptions.Format (Csv, Json, JsonLines or Parquet)."),
        };
    }

    public static void Check(string path, TableFormat format)
    {
        if (!File.Exists(path))
            throw new TableReadException(path, $"{path}: file not found. Check the path (relative paths start at {Environment.CurrentDirectory}).");
        var length = new FileInfo(path).Length;
        if (length == 0) throw new TableReadException(path, $"{path}: the file is empty (0 bytes); there is no table to read.");

        var sample = new byte[(int)Math.Min(length, SampleBytes)];
        using (var stream = File.OpenRead(path)) stream.ReadExactly(sample);

        if (format == TableFormat.Parquet)
        {
            if (length < 8 || !sample.AsSpan(0, 4).SequenceEqual("PAR1"u8))
                throw new TableReadException(path, $"{path}: not a Parquet file (it does not start with the PAR1 marker). Check the file or set TableReadOptions.Format.");
            return;
        }

        if (Array.IndexOf(sample, (byte)0) >= 0)
        {
            throw new TableReadException(path,
                $"{path}: looks like a binary file (it contains NUL bytes), not {format} text. If it is UTF-16 text, save it as UTF-8; otherwise check the path.");
        }
        var text = Encoding.UTF8.GetString(sample).TrimStart('\uFEFF');
        if (length <= SampleBytes && string.IsNullOrWhiteSpace(text))
            throw new TableReadException(path, $"{path}: the file has no content (only whitespace{(sample.Length >= 3 && sample[0] == 0xEF ? " and a byte-order mark" : "")}); there is no table to read.");
    }

    /// <summary>The 1-based physical line on which each byte offset lies, counted in one pass over the file.</summary>
    public static Dictionary<long, long> LinesAt(string path, IEnumerable<long> offsets)
    {
        var sorted = offsets.Distinct().Order().ToArray();
        var result = new Dictionary<long, long>();
        if (sorted.Length == 0) return result;
        using var stream = File.OpenRead(path);
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
