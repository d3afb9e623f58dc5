using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Lepton.Data.Tables;

/// <summary>
/// Reads JSON (an array of objects) and JSON Lines with DuckDB's <c>read_json</c>. When a JSON Lines file has
/// malformed lines and the policy lets reading go on, each line is checked with System.Text.Json's reader so the
/// bad ones are named by line; the good ones (or empty objects, to keep the row) go to DuckDB through a temp file.
/// </summary>
internal static partial class JsonLoader
{
    public static LoadResult Load(DuckSession session, string path, TableFormat format, TableReadOptions options, CancellationToken ct)
    {
        // A .json file may hold JSON Lines too (a common naming): DuckDB tells them apart.
        var jsonFormat = format == TableFormat.Json ? "auto" : "newline_delimited";
        // DuckDB's JSON reader refuses a UTF-8 byte-order mark, which Windows editors write: read a copy without it.
        var source = HasByteOrderMark(path) ? CopyWithoutByteOrderMark(path) : path;
        try
        {
            session.Execute($"CREATE TABLE {Table.StorageName} AS SELECT * FROM read_json({Sql.Literal(source)}, format='{jsonFormat}'{ObjectSize(options)}{FileCompression.SqlArgument(source)})", ct);
            return new LoadResult { RowsRead = Count(session, ct) };
        }
        catch (DuckDBException e) when (!ct.IsCancellationRequested)
        {
            var message = e.Message.Split('\n')[0].Trim().Replace(source, path, StringComparison.Ordinal);
            if (format == TableFormat.Json)
            {
                long? line = LinePattern().Match(message) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
                var where = line is null ? path : $"{path}, line {line}";
                throw new TableReadException(path, $"{where}: not valid JSON ({message}). A JSON array cannot be read past a syntax error; fix the file.", line, e);
            }
            if (options.BadRows == BadRowPolicy.Fail)
            {
                // The engine numbers records, not lines (blank lines are not counted, and it counts from the line
                // after): find the first bad line as the tolerant reading does, so both name the same line.
                var bad = FirstBadLine(path, ct);
                var problem = bad is { } b
                    ? $"{path}, line {b.Line}: not valid JSON ({b.Reason})."
                    : $"{path}: not valid JSON ({LinePattern().Replace(message, "a record")}).";
                throw new TableReadException(path, problem, BadLineHint, bad?.Line, e);
            }
        }
        finally
        {
            if (source != path) File.Delete(source);
        }
        return LoadLineByLine(session, path, options, ct);
    }

    private static readonly TableReadHint BadLineHint = new(nameof(TableReadOptions.BadRows), "BadRowPolicy.Skip (or KeepAsNull)",
        "Fix the line, or {0} to go on.");

    // The engine's limit on one record agrees with the one the file was checked against (DuckDB takes 32 bits).
    private static string ObjectSize(TableReadOptions options) =>
        $", maximum_object_size={Math.Min(uint.MaxValue, (options.MaxRecordBytes ?? TableReadOptions.DefaultJsonRecordBytes) + 1024)}";

    private static (long Line, string Reason)? FirstBadLine(string path, CancellationToken ct)
    {
        using var reader = new StreamReader(FileCompression.OpenRead(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            ct.ThrowIfCancellationRequested();
            if (Validate(line) is { } reason) return (lineNumber, reason);
        }
        return null;
    }

    private static bool HasByteOrderMark(string path)
    {
        Span<byte> start = stackalloc byte[3];
        using var stream = FileCompression.OpenRead(path);
        return stream.ReadAtLeast(start, 3, throwOnEndOfStream: false) == 3 && start.SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
    }

    private static string CopyWithoutByteOrderMark(string path)
    {
        // A compressed file's copy is written decompressed, under its inner extension.
        var copy = Path.Combine(Path.GetTempPath(), $"lepton-{Guid.NewGuid():N}{FileCompression.InnerExtension(path)}");
        using var input = FileCompression.OpenRead(path);
        input.ReadExactly(new byte[3]);
        using var output = File.Create(copy);
        input.CopyTo(output);
        return copy;
    }

    private static LoadResult LoadLineByLine(DuckSession session, string path, TableReadOptions options, CancellationToken ct)
    {
        var problems = new List<RowProblem>();
        long bad = 0, records = 0;
        var keep = options.BadRows == BadRowPolicy.KeepAsNull;
        var clean = Path.Combine(Path.GetTempPath(), $"lepton-{Guid.NewGuid():N}.jsonl");
        try
        {
            using (var reader = new StreamReader(FileCompression.OpenRead(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            using (var writer = new StreamWriter(clean, append: false, new UTF8Encoding(false)))
            {
                long lineNumber = 0;
                while (reader.ReadLine() is { } line)
                {
                    lineNumber++;
                    if (string.IsNullOrWhiteSpace(line)) continue;
                    ct.ThrowIfCancellationRequested();
                    records++;
                    var reason = Validate(line);
                    if (reason is null)
                    {
                        writer.WriteLine(line);
                        continue;
                    }
                    bad++;
                    if (keep) writer.WriteLine("{}");
                    if (problems.Count < options.MaxReportedProblems)
                        problems.Add(new RowProblem(lineNumber, "MALFORMED JSON: " + reason, null, line.Length <= 200 ? line : line[..200] + "…", Skipped: !keep));
                }
            }
            session.Execute($"CREATE TABLE {Table.StorageName} AS SELECT * FROM read_json({Sql.Literal(clean)}, format='newline_delimited'{ObjectSize(options)})", ct);
        }
        finally
        {
            File.Delete(clean);
        }
        return new LoadResult
        {
            RowsRead = records,
            Problems = problems,
            RowsKeptWithNulls = keep ? bad : 0,
            SkippedByReason = keep || bad == 0 ? new Dictionary<string, long>() : new Dictionary<string, long> { ["MALFORMED JSON"] = bad },
        };
    }

    /// <summary>Null when the line is one JSON object, else why not.</summary>
    private static string? Validate(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : $"expected an object, found {document.RootElement.ValueKind}";
        }
        catch (JsonException e)
        {
            return e.Message.Split(" Path:")[0].Split(" LineNumber:")[0].Trim();
        }
    }

    private static long Count(DuckSession session, CancellationToken ct) =>
        Convert.ToInt64(session.Scalar($"SELECT count(*) FROM {Table.StorageName}", ct), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"line (\d+)")]
    private static partial Regex LinePattern();
}
