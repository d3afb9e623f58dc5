using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Lepton.Data.Tables;

/// <summary>
/// Reads CSV into the session's table with DuckDB's parallel reader: <c>sniff_csv</c> finds the dialect and types,
/// <c>read_csv</c> with <c>store_rejects</c> loads the rows and records every bad one with its position and reason.
/// </summary>
internal static partial class CsvLoader
{
    private const string Rejects = "lepton_rejects";
    private const string Scans = "lepton_scans";
    private const string Rejects2 = "lepton_rejects_nulls";
    private const string Scans2 = "lepton_scans_nulls";

    public static LoadResult Load(DuckSession session, string path, TableReadOptions options, Action<string> watch, CancellationToken ct)
    {
        try
        {
            return LoadCore(session, path, options, watch, ct);
        }
        finally
        {
            // The rejects tables have been read into the summary; the table's session keeps only the table.
            foreach (var name in new[] { Rejects, Scans, Rejects2, Scans2, "lepton_text" })
                session.Execute($"DROP TABLE IF EXISTS {name}", CancellationToken.None);
        }
    }

    private static LoadResult LoadCore(DuckSession session, string path, TableReadOptions options, Action<string> watch, CancellationToken ct)
    {
        var dialect = Sniff(session, path, options, ct);
        var maxLine = MaxLineBytes(options);
        var columns = NamedAndTyped(path, dialect, options);
        var dialectArgs = DialectArguments(path, dialect, options);

        watch("loading");
        var typed = string.Join(", ", columns.Select(c => $"{Sql.Literal(c.Name)}: {Sql.Literal(c.Type)}"));
        ReadCsv(session, path,
            $"CREATE TABLE {Table.StorageName} AS SELECT * FROM read_csv({dialectArgs}, columns={{{typed}}}" +
            $"{DateFormats(dialect)}, store_rejects=true, rejects_table='{Rejects}', rejects_scan='{Scans}')", ct);

        var kept = System.Convert.ToInt64(session.Scalar($"SELECT count(*) FROM {Table.StorageName}", ct), System.Globalization.CultureInfo.InvariantCulture);
        var badLines = System.Convert.ToInt64(session.Scalar($"SELECT count(DISTINCT line) FROM {Rejects}", ct), System.Globalization.CultureInfo.InvariantCulture);
        var result = new LoadResult { RowsRead = kept + badLines, Delimiter = dialect.Delimiter, HasHeader = dialect.HasHeader, SkippedLines = dialect.SkipLines };
        if (badLines == 0) return result;

        watch("checking");
        var problems = ReadProblems(session, path, Rejects, options.MaxReportedProblems, ct);
        if (options.BadRows == BadRowPolicy.Fail)
        {
            var first = problems[0];
            if (first.Reason.StartsWith(LineTooLongError, StringComparison.Ordinal))
                throw LineTooLong(path, first.Reason, maxLine, first.Line);
            throw new TableReadException(path,
                $"{path}, line {first.Line}: {first.Reason}{(first.Column is null ? "" : $" (column '{first.Column}')")}. {badLines} row(s) do not fit.",
                BadRowsHint, first.Line);
        }
        if (options.BadRows == BadRowPolicy.Skip)
        {
            result.Problems = problems;
            result.SkippedByReason = ReasonCounts(session, Rejects, ct);
            return result;
        }

        // Keep as null: read every field as text (padding missing ones), then convert what converts.
        session.Execute($"DROP TABLE {Table.StorageName}", ct);
        var text = string.Join(", ", columns.Select(c => $"{Sql.Literal(c.Name)}: 'VARCHAR'"));
        ReadCsv(session, path,
            $"CREATE TABLE lepton_text AS SELECT * FROM read_csv({dialectArgs}, columns={{{text}}}, null_padding=true, parallel=false, " +
            $"store_rejects=true, rejects_table='{Rejects2}', rejects_scan='{Scans2}')", ct);
        var conversions = string.Join(", ", columns.Select(c => $"{Conversion(c, dialect)} AS {Sql.Name(c.Name)}"));
        session.Execute($"CREATE TABLE {Table.StorageName} AS SELECT {conversions} FROM lepton_text", ct);
        session.Execute("DROP TABLE lepton_text", ct);

        var skippedLines = session.Rows($"SELECT DISTINCT line FROM {Rejects2}", ct).Select(r => System.Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var keptNow = System.Convert.ToInt64(session.Scalar($"SELECT count(*) FROM {Table.StorageName}", ct), System.Globalization.CultureInfo.InvariantCulture);
        result.RowsRead = keptNow + skippedLines.Count;
        result.RowsKeptWithNulls = badLines - skippedLines.Count;
        var logical = LogicalLines(session, Rejects, options.MaxReportedProblems, ct);
        result.Problems = problems.Select((p, i) => p with { Skipped = skippedLines.Contains(logical[i]) }).ToList();
        result.SkippedByReason = skippedLines.Count == 0 ? new Dictionary<string, long>() : ReasonCounts(session, Rejects2, ct);
        return result;
    }

    private static string DateFormats(CsvDialect dialect) =>
        (dialect.DateFormat is null ? "" : $", dateformat={Sql.Literal(dialect.DateFormat)}") +
        (dialect.TimestampFormat is null ? "" : $", timestampformat={Sql.Literal(dialect.TimestampFormat)}");

    private static string Conversion((string Name, string Type) column, CsvDialect dialect)
    {
        var name = Sql.Name(column.Name);
        return column.Type switch
        {
            "VARCHAR" => name,
            "DATE" when dialect.DateFormat is not null => $"CAST(try_strptime({name}, {Sql.Literal(dialect.DateFormat)}) AS DATE)",
            "TIMESTAMP" when dialect.TimestampFormat is not null => $"try_strptime({name}, {Sql.Literal(dialect.TimestampFormat)})",
            _ => $"TRY_CAST({name} AS {column.Type})",
        };
    }

    /// <summary>How the reader tells CSV callers to get past bad rows; the CLI renders it as its flag.</summary>
    internal static readonly TableReadHint BadRowsHint = new(nameof(TableReadOptions.BadRows), "BadRowPolicy.Skip (or KeepAsNull)",
        "Fix them, or {0} to go on.");

    private const string LineTooLongError = "LINE SIZE OVER MAXIMUM";

    private static long MaxLineBytes(TableReadOptions options) => options.MaxRecordBytes ?? TableReadOptions.DefaultCsvLineBytes;

    private static string DialectArguments(string path, CsvDialect d, TableReadOptions options) =>
        $"{Sql.Literal(path)}, delim={Sql.Literal(d.Delimiter.ToString())}, quote={Sql.Literal(d.Quote.ToString())}, " +
        $"escape={Sql.Literal(d.Escape.ToString())}, header={(d.HasHeader ? "true" : "false")}, skip={d.SkipLines}, " +
        $"nullstr={Sql.List(options.MissingValues)}, max_line_size={MaxLineBytes(options)}{FileCompression.SqlArgument(path)}" +
        // Under an explicit memory limit, read in 2 MB buffers (just over the longest line DuckDB accepts by default)
        // instead of the default 32 MB per thread, which alone would not fit in a small limit; the table spills to disk.
        (options.MemoryLimit is null ? "" : $", buffer_size={Math.Max(2097152, MaxLineBytes(options) + 1)}");

    /// <summary>A record longer than the engine's line limit: where, how long, and the setting that raises the limit.</summary>
    private static TableReadException LineTooLong(string path, string engineMessage, long limit, long? line = null, Exception? inner = null)
    {
        var found = FirstLongRecord(path, limit);
        // The engine counts the line break in some of its messages and not in others: the scan's count is used.
        var bytes = found?.Bytes ?? (ActualSize().Match(engineMessage) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null);
        var at = line ?? found?.Line;
        var size = bytes is null ? $"longer than {limit:N0} bytes" : $"of {bytes:N0} bytes, longer than the limit of {limit:N0}";
        var raised = bytes is { } b ? (b / 1_000_000 + 1) * 1_000_000 : limit * 4;
        return new TableReadException(path,
            $"{path}{(at is null ? "" : $", line {at}")}: a record {size} (the longest CSV line the reader accepts). " +
            "A field this long is usually an unclosed quote, or the file is not a table.",
            new TableReadHint(nameof(TableReadOptions.MaxRecordBytes), raised.ToString(CultureInfo.InvariantCulture),
                "If the field is real, {0} to raise the limit."),
            at, inner);
    }

    /// <summary>The first record (quoted newlines included) longer than the limit: its first physical line and its length without the line break.</summary>
    private static (long Line, long Bytes)? FirstLongRecord(string path, long limit)
    {
        using var stream = FileCompression.OpenRead(path);
        var buffer = new byte[1 << 16];
        long position = 0, line = 1, recordStart = 0, recordLine = 1;
        var quoted = false;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            for (var i = 0; i < read; i++, position++)
            {
                var b = buffer[i];
                if (b == (byte)'"') quoted = !quoted;
                else if (b == (byte)'\n')
                {
                    line++;
                    if (quoted) continue;
                    if (position - recordStart > limit) return (recordLine, position - recordStart);
                    recordStart = position + 1;
                    recordLine = line;
                }
            }
        }
        return position - recordStart > limit ? (recordLine, position - recordStart) : null;
    }

    [GeneratedRegex(@"Actual Size:\s*(\d+)")]
    private static partial Regex ActualSize();

    /// <summary>
    /// Reads the file with the layout the sniff found. DuckDB checks that layout again over the whole file and may
    /// refuse it (a damaged file whose first lines look fine): that is the file's problem, said as one.
    /// </summary>
    private static void ReadCsv(DuckSession session, string path, string sql, CancellationToken ct)
    {
        try
        {
            session.Execute(sql, ct);
        }
        catch (DuckDBException e) when (!ct.IsCancellationRequested && e.Message.StartsWith("Invalid Input Error", StringComparison.Ordinal))
        {
            var reason = e.Message.Split('\n')[0].Replace("Invalid Input Error: ", "", StringComparison.Ordinal).Trim();
            throw new TableReadException(path, $"{path}: could not be read with the CSV layout its first lines have ({reason}). Check that it is delimited text, one record per line, with balanced quotes.", inner: e);
        }
    }

    private static CsvDialect Sniff(DuckSession session, string path, TableReadOptions options, CancellationToken ct)
    {
        var given = $"nullstr={Sql.List(options.MissingValues)}, max_line_size={MaxLineBytes(options)}{FileCompression.SqlArgument(path)}";
        // The delimiter (and preamble) are found here and given to DuckDB's sniffer, which then finds the rest.
        var sniffed = options.Delimiter is null ? DelimiterSniffer.Sniff(path) : null;
        if ((options.Delimiter ?? sniffed?.Delimiter) is { } delimiter) given += $", delim={Sql.Literal(delimiter.ToString())}";
        if (options.HasHeader is { } header) given += $", header={(header ? "true" : "false")}";
        if ((options.SkipLines ?? sniffed?.SkipLines) is { } skip) given += $", skip={skip}";

        // The strict sniff finds a preamble (like scikit-learn's line of counts) but can be thrown by bad rows into
        // a one-column reading; then the tolerant sniff is asked too, and whichever finds more columns wins.
        Exception? failure = null;
        CsvDialect? best = null;
        foreach (var extra in new[] { "", ", ignore_errors=true" })
        {
            if (best is { Columns.Count: > 1 }) break;
            try
            {
                var candidate = SniffOnce(session, path, given + extra, ct);
                if (best is null || candidate.Columns.Count > best.Columns.Count) best = candidate;
            }
            catch (DuckDBException e) when (!ct.IsCancellationRequested)
            {
                if (e.Message.Contains("Maximum line size", StringComparison.Ordinal)) throw LineTooLong(path, e.Message, MaxLineBytes(options), inner: e);
                failure ??= e;
            }
        }
        if (best is null && failure is DuckDBException outOfMemory && EngineMemory.IsOutOfMemory(outOfMemory)) throw EngineMemory.Refusal(path, session, outOfMemory);
        if (best is null || best.Columns.Count == 0)
        {
            var reason = failure?.Message.Split('\n')[0].Replace("Invalid Input Error: ", "", StringComparison.Ordinal).Trim() ?? "no columns found";
            var problem = $"{path}: could not work out the CSV layout ({reason}). Check that it is delimited text, one record per line.";
            throw options.Delimiter is null && sniffed is null
                ? new TableReadException(path, problem, new TableReadHint(nameof(TableReadOptions.Delimiter), "';'", "If it is, {0} (its field separator)."), inner: failure)
                : new TableReadException(path, problem, inner: failure);
        }
        return best;
    }

    /// <summary>
    /// A character the sniffer found, or null when it found none: DuckDB writes "(empty)" then, whose '(' taken as the
    /// escape dropped every '(' inside quoted fields, and taken as the quote split fields that start with one.
    /// </summary>
    private static char? Sniffed(object? value) => value is string { Length: 1 } text ? text[0] : null;

    private static CsvDialect SniffOnce(DuckSession session, string path, string arguments, CancellationToken ct)
    {
        var row = session.Rows(
            $"SELECT Delimiter, Quote, Escape, HasHeader, SkipRows, Columns, DateFormat, TimestampFormat FROM sniff_csv({Sql.Literal(path)}, {arguments})", ct)[0];
        var columns = ((System.Collections.IEnumerable)row[5]!).Cast<IDictionary<string, object>>()
            .Select(c => ((string)c["name"], (string)c["type"]))
            .ToList();
        var quote = Sniffed(row[1]) ?? '"';
        var escape = Sniffed(row[2]) ?? quote;
        var delimiterText = (string)row[0]!;
        return new CsvDialect(
            delimiterText.Length > 0 ? delimiterText[0] : ',', quote, escape, (bool)row[3]!,
            System.Convert.ToInt32(row[4], System.Globalization.CultureInfo.InvariantCulture), columns,
            row[6] as string is { Length: > 0 } date ? date : null,
            row[7] as string is { Length: > 0 } timestamp ? timestamp : null);
    }

    private static List<(string Name, string Type)> NamedAndTyped(string path, CsvDialect dialect, TableReadOptions options)
    {
        var columns = dialect.Columns.ToList();
        if (options.ColumnNames is { } names)
        {
            if (names.Count != columns.Count)
                throw new TableReadException(path, $"{path}: {names.Count} column names were given but the file has {columns.Count} columns.");
            columns = columns.Select((c, i) => (names[i], c.Type)).ToList();
        }
        if (options.ColumnKinds is { } kinds)
        {
            foreach (var name in kinds.Keys.Where(k => columns.All(c => c.Name != k)))
                throw new TableReadException(path, $"{path}: a kind was set for column '{name}', which the file does not have. Its columns: {string.Join(", ", columns.Select(c => c.Name))}.");
            columns = columns.Select(c => kinds.TryGetValue(c.Name, out var kind) && Sql.StorageFor(kind) is { } type ? (c.Name, type) : c).ToList();
        }
        // Types the table does not keep as they are are read as text and converted after the kinds are known.
        return columns.Select(c => (c.Name, c.Type is "BIGINT" or "DOUBLE" or "BOOLEAN" or "DATE" or "TIMESTAMP" or "VARCHAR" ? c.Type : "VARCHAR")).ToList();
    }

    private static List<RowProblem> ReadProblems(DuckSession session, string path, string rejects, int limit, CancellationToken ct)
    {
        var rows = session.Rows(
            $"SELECT line, min(line_byte_position), string_agg(DISTINCT error_type::VARCHAR, ', '), first(column_name ORDER BY byte_position), " +
            $"first(csv_line), first(error_message ORDER BY byte_position) FROM {rejects} GROUP BY line ORDER BY line LIMIT {Math.Max(1, limit)}", ct);
        var offsets = rows.Select(r => System.Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var lines = FileCheck.LinesAt(path, offsets);
        return rows.Select((r, i) => new RowProblem(
            lines[offsets[i]],
            $"{r[2]}: {((string?)r[5] ?? "").Split('\n')[0].Trim()}",
            r[3] as string,
            Shorten(r[4] as string ?? ""),
            Skipped: true)).ToList();
    }

    private static List<long> LogicalLines(DuckSession session, string rejects, int limit, CancellationToken ct) =>
        session.Rows($"SELECT DISTINCT line FROM {rejects} ORDER BY line LIMIT {Math.Max(1, limit)}", ct)
            .Select(r => System.Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static Dictionary<string, long> ReasonCounts(DuckSession session, string rejects, CancellationToken ct) =>
        session.Rows($"SELECT reason, count(*) FROM (SELECT line, min(error_type::VARCHAR) AS reason FROM {rejects} GROUP BY line) GROUP BY reason ORDER BY reason", ct)
            .ToDictionary(r => (string)r[0]!, r => System.Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture));

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
