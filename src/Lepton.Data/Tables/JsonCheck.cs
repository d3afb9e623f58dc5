using System.Buffers;

namespace Lepton.Data.Tables;

/// <summary>
/// Checks a JSON or JSON Lines file's nesting depth and record sizes before the engine sees it, in one streaming
/// pass in constant memory: a byte scanner that follows brackets outside strings, not a parser (the engine parses).
/// A record is a top-level value, or an element of the top-level array of a JSON file.
/// </summary>
internal static class JsonCheck
{
    private static readonly SearchValues<byte> OutsideString = SearchValues.Create("\"[]{},\n"u8);
    private static readonly SearchValues<byte> InsideString = SearchValues.Create("\"\\\n"u8);

    public static void Check(string path, TableFormat format, int maxDepth, long maxRecordBytes, CancellationToken ct)
    {
        using var stream = FileCompression.OpenRead(path);
        var buffer = new byte[1 << 16];
        var scan = new Scanner(format, maxDepth, maxRecordBytes);
        long start = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            if (scan.Feed(buffer.AsSpan(0, read), start)) break;
            start += read;
        }
        if (scan.Violation is { } violation) throw Refusal(path, violation, maxDepth, maxRecordBytes);
    }

    private static TableReadException Refusal(string path, Violation v, int maxDepth, long maxRecordBytes) => v.Depth > maxDepth
        ? new TableReadException(path,
            $"{path}, line {v.Line}: a JSON record nests {v.Depth:N0} levels deep (arrays and objects inside each other), more than " +
            $"the limit of {maxDepth}. Records of a table nest a few levels at most; nesting this deep is a damaged or hostile file, " +
            "and would exhaust the engine's memory and time.",
            new TableReadHint(nameof(TableReadOptions.MaxJsonDepth), v.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "If the data really nests this deep, {0}."),
            v.Line)
        : new TableReadException(path,
            $"{path}, line {v.Line}: a JSON record of {v.Bytes:N0} bytes{(v.Complete ? "" : " (not closed before the end of the file)")}, " +
            $"longer than the limit of {maxRecordBytes:N0} bytes. A record this long is usually a damaged file (an unclosed bracket or quote).",
            new TableReadHint(nameof(TableReadOptions.MaxRecordBytes), v.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "If the record is real, {0}."),
            v.Line);

    /// <summary>The first record over a limit: where it starts, how deep it nests and how long it is.</summary>
    internal sealed record Violation(long Line, int Depth, long Bytes, bool Complete);

    /// <summary>The scanner's state, fed one buffer at a time.</summary>
    private sealed class Scanner(TableFormat format, int maxDepth, long maxRecordBytes)
    {
        private int depth;
        private int recordLevel;             // 1 inside the top-level array of a JSON file, else 0
        private bool inString, escaped, started;
        private long line = 1;
        private long recordStart, recordLine = 1;
        private int recordDepth;             // the deepest nesting of the record being scanned
        private bool over;                   // the record being scanned breaks a limit: finish it to measure it

        public Violation? Violation { get; private set; }

        /// <summary>Scans one buffer that starts at byte <paramref name="offset"/>; true once a violation is measured.</summary>
        public bool Feed(ReadOnlySpan<byte> bytes, long offset)
        {
            var i = 0;
            while (i < bytes.Length)
            {
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                        i++;
                        continue;
                    }
                    var next = bytes[i..].IndexOfAny(InsideString);
                    if (next < 0) break;
                    i += next;
                    switch (bytes[i])
                    {
                        case (byte)'"': inString = false; break;
                        case (byte)'\\': escaped = true; break;
                        default: line++; break;
                    }
                    i++;
                    continue;
                }

                var special = bytes[i..].IndexOfAny(OutsideString);
                if (special < 0) break;
                i += special;
                var position = offset + i;
                switch (bytes[i])
                {
                    case (byte)'"':
                        inString = true;
                        started = true;
                        break;
                    case (byte)'[' or (byte)'{':
                        if (!started && depth == 0 && bytes[i] == '[' && format == TableFormat.Json)
                        {
                            recordLevel = 1;
                            Boundary(position + 1);
                        }
                        started = true;
                        depth++;
                        recordDepth = Math.Max(recordDepth, depth);
                        if (depth > maxDepth) over = true;
                        break;
                    case (byte)']' or (byte)'}':
                        if (depth > 0) depth--;
                        if (depth == recordLevel && End(position + 1)) return true;
                        break;
                    case (byte)',':
                        if (depth == recordLevel && End(position)) return true;
                        break;
                    default: // '\n'
                        line++;
                        if (depth <= recordLevel && End(position + 1)) return true;
                        break;
                }
                i++;
            }
            if (offset + bytes.Length - recordStart > maxRecordBytes) over = true;
            if (over) Violation = Measured(offset + bytes.Length, complete: false);
            return false;
        }

        // The end of a record at a boundary of the record level: measure it if it broke a limit, then start the next.
        private bool End(long end)
        {
            if (end - recordStart > maxRecordBytes) over = true;
            if (over)
            {
                Violation = Measured(end, complete: true);
                return true;
            }
            Boundary(end);
            return false;
        }

        private void Boundary(long next)
        {
            recordStart = next;
            recordLine = line;
            recordDepth = depth;
        }

        private Violation Measured(long end, bool complete) => new(recordLine, recordDepth, end - recordStart, complete);
    }
}
