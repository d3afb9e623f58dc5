using System.Globalization;
using DuckDB.NET.Data;

namespace Lepton.Data.Tables;

/// <summary>Reads a file into a new <see cref="Table"/>: checks, loads by format, applies kinds, reports progress.</summary>
internal static class TableReader
{
    public static Table Read(string path, TableReadOptions options, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var format = FileCheck.ResolveFormat(fullPath, options.Format);
        FileCheck.Check(fullPath, format);
        if (format is TableFormat.Json or TableFormat.JsonLines)
            JsonCheck.Check(fullPath, format, options.MaxJsonDepth, options.MaxRecordBytes ?? TableReadOptions.DefaultJsonRecordBytes, ct);

        var session = new DuckSession(options.MemoryLimit, onDisk: EstimatedBytes(fullPath, format) >= DuckSession.OnDiskFromBytes);
        try
        {
            options.Progress?.Report(new TableReadProgress("detecting", 0, 0));
            LoadResult result;
            using (var watcher = new ProgressWatcher(session, options.Progress))
            {
                result = format switch
                {
                    TableFormat.Csv => CsvLoader.Load(session, fullPath, options, watcher.Stage, ct),
                    TableFormat.Json or TableFormat.JsonLines => Watched(watcher, () => JsonLoader.Load(session, fullPath, format, options, ct)),
                    _ => Watched(watcher, () => LoadParquet(session, fullPath, ct)),
                };
            }
            CheckColumnNames(session, fullPath, ct);
            if (format != TableFormat.Csv) KindOverrides.Apply(session, fullPath, options, result, ct);
            var columns = KindInference.Infer(session, options.ColumnKinds, out var sampleDistinct, ct);
            var rows = Convert.ToInt64(session.Scalar($"SELECT count(*) FROM {Table.StorageName}", ct), CultureInfo.InvariantCulture);
            var summary = new TableReadSummary
            {
                FilePath = fullPath,
                Format = format,
                RowsRead = Math.Max(result.RowsRead, rows),
                RowsKept = rows,
                RowsKeptWithNulls = result.RowsKeptWithNulls,
                SkippedByReason = result.SkippedByReason,
                Problems = result.Problems,
                Delimiter = result.Delimiter,
                HasHeader = result.HasHeader,
                SkippedLines = result.SkippedLines,
            };
            options.Progress?.Report(new TableReadProgress("done", 1, rows));
            return new Table(session, columns, rows, summary) { SampleDistinct = sampleDistinct };
        }
        catch (DuckDBException e) when (!ct.IsCancellationRequested && EngineMemory.IsOutOfMemory(e))
        {
            var refusal = EngineMemory.Refusal(fullPath, session, e);
            session.Dispose();
            throw refusal;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses a column name with a NUL character (a JSON key "\u0000…", a Parquet field): the engine's SQL parser ends
    /// a quoted name there, so no query could name the column.
    /// </summary>
    private static void CheckColumnNames(DuckSession session, string path, CancellationToken ct)
    {
        var names = Table.DescribeStorage(session, ct).Select(s => s.Name).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Contains('\0', StringComparison.Ordinal))
                throw new TableReadException(path, $"{path}: column {i + 1}'s name ('{names[i].Replace("\0", "\\u0000", StringComparison.Ordinal)}') contains a NUL character, which no query can name. Rename it in the file.");
        }
    }

    /// <summary>About how much the file holds once read: its size, four times that when compressed (Parquet, gzip).</summary>
    private static long EstimatedBytes(string path, TableFormat format)
    {
        var size = new FileInfo(path).Length;
        var compressed = format == TableFormat.Parquet || path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        return compressed ? size * 4 : size;
    }

    private static LoadResult Watched(ProgressWatcher watcher, Func<LoadResult> load)
    {
        watcher.Stage("loading");
        return load();
    }

    private static LoadResult LoadParquet(DuckSession session, string path, CancellationToken ct)
    {
        try
        {
            session.Execute($"CREATE TABLE {Table.StorageName} AS SELECT * FROM read_parquet({Sql.Literal(path)})", ct);
        }
        catch (DuckDB.NET.Data.DuckDBException e) when (!ct.IsCancellationRequested)
        {
            throw new TableReadException(path, $"{path}: the Parquet file cannot be read ({e.Message.Split('\n')[0].Trim()}). It may be damaged or cut short.", inner: e);
        }
        return new LoadResult { RowsRead = Convert.ToInt64(session.Scalar($"SELECT count(*) FROM {Table.StorageName}", ct), CultureInfo.InvariantCulture) };
    }

    /// <summary>Polls the engine's progress while a stage runs and passes it on.</summary>
    private sealed class ProgressWatcher : IDisposable
    {
        private readonly DuckSession session;
        private readonly IProgress<TableReadProgress>? progress;
        private readonly Timer? timer;
        private volatile string stage = "detecting";

        public ProgressWatcher(DuckSession session, IProgress<TableReadProgress>? progress)
        {
            this.session = session;
            this.progress = progress;
            if (progress is not null) timer = new Timer(_ => Poll(), null, 200, 200);
        }

        public void Stage(string name)
        {
            stage = name;
            progress?.Report(new TableReadProgress(name, name == "loading" ? 0 : 1, 0));
        }

        private void Poll()
        {
            if (stage != "loading") return;
            var (percentage, rows) = session.QueryProgress;
            if (percentage >= 0) progress!.Report(new TableReadProgress(stage, Math.Clamp(percentage / 100, 0, 1), rows));
        }

        public void Dispose() => timer?.Dispose();
    }
}
