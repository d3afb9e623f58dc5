using System.Globalization;

namespace Lepton.Data.Tables;

/// <summary>
/// A typed columnar table with nulls, read from CSV, JSON, JSON Lines or Parquet. The rows live in an embedded
/// DuckDB database (compressed, with a temp folder to spill to), so profiling and checks run as SQL next to the
/// data; columns are copied into .NET arrays only when asked for.
/// </summary>
public sealed class Table : IDisposable
{
    internal const string StorageName = "lepton_table";

    private readonly Dictionary<string, TableColumn> byName;
    private bool disposed;

    internal Table(DuckSession session, IReadOnlyList<TableColumn> columns, long rowCount, TableReadSummary summary)
    {
        Session = session;
        Columns = columns;
        RowCount = rowCount;
        ReadSummary = summary;
        byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    internal DuckSession Session { get; }

    /// <summary>Distinct values per column in the first <see cref="KindInference.SampleRows"/> rows (the whole table when it is no larger), as counted when the kinds were chosen.</summary>
    internal IReadOnlyDictionary<string, long> SampleDistinct { get; init; } = new Dictionary<string, long>();

    /// <summary>The columns, in file order.</summary>
    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The number of rows (fewer after <see cref="DropMissing"/> or <see cref="Filter"/>).</summary>
    public long RowCount { get; private set; }

    /// <summary>What reading the file did: rows read, kept and skipped, and the problems found.</summary>
    public TableReadSummary ReadSummary { get; }

    /// <summary>Reads a file into a table, detecting format, layout and column kinds unless <paramref name="options"/> says otherwise.</summary>
    /// <exception cref="TableReadException">The file is missing, empty, binary or malformed (under <see cref="BadRowPolicy.Fail"/>).</exception>
    public static Task<Table> ReadAsync(string path, TableReadOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => TableReader.Read(path, options ?? new TableReadOptions(), cancellationToken), cancellationToken);

    /// <summary>Reads a file into a table on the calling thread; see <see cref="ReadAsync"/>.</summary>
    public static Table Read(string path, TableReadOptions? options = null) => TableReader.Read(path, options ?? new TableReadOptions(), CancellationToken.None);

    /// <summary>The column with this name.</summary>
    /// <exception cref="KeyNotFoundException">There is no such column; the message lists the ones there are.</exception>
    public TableColumn Column(string name) =>
        byName.TryGetValue(name, out var column)
            ? column
            : throw new KeyNotFoundException($"The table has no column '{name}'. Its columns: {string.Join(", ", Columns.Select(c => c.Name))}.");

    /// <summary>A column's values as doubles (integers and booleans converted), null where missing.</summary>
    public double?[] GetDoubles(string column) => Extract(column, "DOUBLE", (r, i) => r.GetDouble(i));

    /// <summary>A column's values as 64-bit integers, null where missing; floats are rounded.</summary>
    public long?[] GetInt64s(string column) => Extract(column, "BIGINT", (r, i) => r.GetInt64(i));

    /// <summary>A column's values as booleans, null where missing or not a truth value.</summary>
    public bool?[] GetBooleans(string column) => Extract(column, "BOOLEAN", (r, i) => r.GetBoolean(i));

    /// <summary>A column's values as timestamps, null where missing or not a date.</summary>
    public DateTime?[] GetDateTimes(string column) => Extract(column, "TIMESTAMP", (r, i) => r.GetDateTime(i));

    /// <summary>A column's values as text (numbers written culture-invariantly), null where missing.</summary>
    public string?[] GetStrings(string column)
    {
        var values = new string?[RowCount];
        var row = 0;
        Session.ForEach($"SELECT CAST({Sql.Name(Column(column).Name)} AS VARCHAR) FROM {StorageName} ORDER BY rowid",
            r => values[row++] = r.IsDBNull(0) ? null : r.GetString(0));
        return values;
    }

    /// <summary>
    /// A copy of up to <paramref name="count"/> rows from position <paramref name="start"/> (0-based, in row order),
    /// with the same columns and kinds, in an engine of its own: for working through a large table a chunk at a time
    /// (batch prediction) while only one chunk's values cross into .NET.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The start is negative or the count not positive.</exception>
    public Table Slice(long start, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ObjectDisposedException.ThrowIf(disposed, this);
        using var working = Pipelines.WorkingTable.CopyOf(this, start, count);
        return working.ToTable();
    }

    /// <summary>
    /// A copy in which the values of <paramref name="column"/> are shuffled across the rows (a permutation fixed by
    /// <paramref name="seed"/>) and every other column stays in place: what permutation importance scores a model on.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such column; the message lists the ones there are.</exception>
    public Table WithShuffledColumn(string column, int seed)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using var working = Pipelines.WorkingTable.ShuffledCopyOf(this, column, seed);
        return working.ToTable();
    }

    /// <summary>
    /// Removes the rows in which any of <paramref name="columns"/> is missing (e.g. the target: a row without a label
    /// cannot be learned from) and returns how many were removed, for the caller to report
    /// ("dropped 12 rows with a missing target"). The other rows keep their order.
    /// </summary>
    /// <exception cref="ArgumentException">No column is named.</exception>
    /// <exception cref="KeyNotFoundException">A column does not exist; the message lists the ones there are.</exception>
    public long DropMissing(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (columns.Length == 0) throw new ArgumentException("Name the columns whose missing values drop a row (e.g. the target).", nameof(columns));
        var names = columns.Select(c => Sql.Name(Column(c).Name)).ToList();
        return Delete(string.Join(" OR ", names.Select(n => n + " IS NULL")));
    }

    /// <summary>
    /// Keeps only the rows for which <paramref name="predicate"/>, a SQL condition on the row's columns
    /// (<c>"age &gt;= 18 AND city &lt;&gt; 'Lyon'"</c>, what would follow WHERE), is true, and returns how many rows were
    /// removed. A row for which the condition is unknown (it compares a missing value) is removed too, as in SQL.
    /// </summary>
    /// <exception cref="ArgumentException">The predicate is not one SQL condition, reads more than the row (a subquery, a table function), names a column the table lacks (the message names it and lists the columns), or does not run on these columns.</exception>
    public long Filter(string predicate)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var condition = RowPredicate.Check(Session, predicate, Columns, nameof(predicate));
        try
        {
            return Delete($"NOT coalesce({condition}, false)");
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw new ArgumentException($"The filter \"{predicate}\" does not run on this table: {e.Message.Split('\n')[0].Trim()}.", nameof(predicate), e);
        }
    }

    private long Delete(string where)
    {
        Session.Execute($"DELETE FROM {StorageName} WHERE {where}");
        var before = RowCount;
        RowCount = ToLong(Session.Scalar($"SELECT count(*) FROM {StorageName}"));
        return before - RowCount;
    }

    /// <summary>Profiles every column and the table as a whole (see <see cref="TableProfile"/>), computed inside the engine.</summary>
    public Task<TableProfile> ProfileAsync(ProfileOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Profile(options, cancellationToken), cancellationToken);

    /// <summary>Profiles the table on the calling thread; see <see cref="ProfileAsync"/>.</summary>
    public TableProfile Profile(ProfileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return TableProfiler.Profile(this, options ?? new ProfileOptions(), cancellationToken);
    }

    /// <summary>
    /// A repeatable random sample of up to <paramref name="rows"/> rows in which every one of <paramref name="columns"/>
    /// has a value, as doubles: one array per column, in the order given. For plots of large tables (e.g. a scatter of
    /// two columns); drawn inside the engine in one pass (reservoir sampling), without sorting or copying the table.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A column does not exist.</exception>
    public double[][] SampleDoubles(IReadOnlyList<string> columns, int rows, int seed = 42, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns.Count, nameof(columns));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ObjectDisposedException.ThrowIf(disposed, this);
        var names = columns.Select(c => Sql.Name(Column(c).Name)).ToList();
        var values = names.Select(_ => new List<double>(rows)).ToArray();
        Session.ForEach(
            $"SELECT {string.Join(", ", names.Select(n => n + "::DOUBLE"))} FROM (SELECT {string.Join(", ", names)} FROM {StorageName} " +
            $"WHERE {string.Join(" AND ", names.Select(n => n + " IS NOT NULL"))}) " +
            $"USING SAMPLE reservoir({rows} ROWS) REPEATABLE ({seed})",
            r =>
            {
                for (var i = 0; i < values.Length; i++) values[i].Add(r.GetDouble(i));
            }, cancellationToken);
        return values.Select(v => v.ToArray()).ToArray();
    }

    /// <summary>
    /// An equal-width histogram of a date-time column between its earliest and latest values, with the edges as OLE
    /// automation dates (<see cref="DateTime.ToOADate"/>); empty when the column has no dates. <see cref="Profile"/>
    /// gives histograms of numeric columns only; this is the one for dates.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The column does not exist.</exception>
    public IReadOnlyList<HistogramBin> DateHistogram(string column, int bins, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        ObjectDisposedException.ThrowIf(disposed, this);
        var c = Sql.Name(Column(column).Name);
        var bounds = Session.Rows($"SELECT min(TRY_CAST({c} AS TIMESTAMP)), max(TRY_CAST({c} AS TIMESTAMP)) FROM {StorageName}", cancellationToken)[0];
        if (bounds[0] is not DateTime earliest || bounds[1] is not DateTime latest) return [];
        var low = (earliest - DateTime.UnixEpoch).TotalSeconds;
        var high = (latest - DateTime.UnixEpoch).TotalSeconds;
        var count = high > low ? bins : 1;
        var width = high > low ? (high - low) / count : 1;
        var counts = new Dictionary<int, long>();
        Session.ForEach(
            $"SELECT least(floor((epoch({c}::TIMESTAMP) - {Sql.Number(low)}) / {Sql.Number(width)}), {count - 1})::INTEGER AS b, count(*) " +
            $"FROM {StorageName} WHERE {c} IS NOT NULL GROUP BY b",
            r => counts[r.GetInt32(0)] = r.GetInt64(1), cancellationToken);
        return Enumerable.Range(0, count)
            .Select(b => new HistogramBin(ToOADate(low + b * width), ToOADate(b == count - 1 ? high : low + (b + 1) * width), counts.GetValueOrDefault(b)))
            .ToList();
    }

    /// <summary>
    /// The values of each numeric column in <paramref name="columns"/> at each of <paramref name="probabilities"/> (0 to 1),
    /// interpolated as numpy and pandas do; T-Digest estimates above 100,000 rows, as <see cref="Profile"/>'s. Read in
    /// one pass per 100 columns. A column with no values gets an empty list.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A column does not exist.</exception>
    /// <exception cref="ArgumentException">A column is not numeric, or a probability is outside 0 to 1.</exception>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Quantiles(IReadOnlyList<string> columns, IReadOnlyList<double> probabilities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(probabilities);
        ObjectDisposedException.ThrowIf(disposed, this);
        var found = columns.Select(Column).ToList();
        if (found.FirstOrDefault(c => !c.IsNumeric) is { } text) throw new ArgumentException($"The column '{text.Name}' holds {text.Kind} values; quantiles need numbers.", nameof(columns));
        if (probabilities.Any(p => !(p is >= 0 and <= 1))) throw new ArgumentException("Probabilities must be from 0 to 1.", nameof(probabilities));
        var result = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        if (probabilities.Count == 0)
        {
            foreach (var c in found) result[c.Name] = [];
            return result;
        }
        var list = $"[{string.Join(", ", probabilities.Select(Sql.Number))}]";
        var function = RowCount <= TableProfiler.ExactQuantileRows ? "quantile_cont" : "approx_quantile";
        foreach (var chunk in found.Chunk(100))
        {
            var row = Session.Rows($"SELECT {string.Join(", ", chunk.Select(c => $"{function}({Sql.Name(c.Name)}::DOUBLE, {list})"))} FROM {StorageName}", cancellationToken)[0];
            for (var i = 0; i < chunk.Length; i++)
            {
                result[chunk[i].Name] = row[i] is System.Collections.IList values && values.Count == probabilities.Count && values.Cast<object?>().All(v => v is not null)
                    ? values.Cast<object>().Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToList()
                    : [];
            }
        }
        return result;
    }

    /// <summary>The <paramref name="limit"/> most frequent values of a column with their exact counts, most frequent first (ties by value); missing values are left out.</summary>
    /// <exception cref="KeyNotFoundException">The column does not exist.</exception>
    public IReadOnlyList<ValueCount> TopValues(string column, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ObjectDisposedException.ThrowIf(disposed, this);
        var c = Sql.Name(Column(column).Name);
        return Session.Rows(
                $"SELECT CAST({c} AS VARCHAR) AS v, count(*) AS n FROM {StorageName} WHERE {c} IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT {limit}", cancellationToken)
            .Select(r => new ValueCount((string)r[0]!, ToLong(r[1])))
            .ToList();
    }

    /// <summary>The bytes the engine holds for the table (compressed, so often less than the file), or null when the engine does not say.</summary>
    public long? MemoryBytes(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        try
        {
            var value = Session.Scalar("SELECT sum(memory_usage_bytes)::BIGINT FROM duckdb_memory()", cancellationToken);
            return value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
        catch (DuckDB.NET.Data.DuckDBException)
        {
            return null;
        }
    }

    /// <summary>Writes the table as CSV with a header; the file appears only when complete (written beside it, then renamed).</summary>
    public Task WriteCsvAsync(string path, char delimiter = ',', CancellationToken cancellationToken = default) =>
        WriteAsync(path, $"FORMAT csv, HEADER true, DELIMITER {Sql.Literal(delimiter.ToString())}", cancellationToken);

    /// <summary>Writes the table as Parquet (zstd-compressed); the file appears only when complete.</summary>
    public Task WriteParquetAsync(string path, CancellationToken cancellationToken = default) =>
        WriteAsync(path, "FORMAT parquet, COMPRESSION zstd", cancellationToken);

    private Task WriteAsync(string path, string copyOptions, CancellationToken cancellationToken) => Task.Run(() =>
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var target = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot write {target}: the folder {directory} does not exist.");
        var temp = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Session.Execute($"COPY (SELECT * FROM {StorageName} ORDER BY rowid) TO {Sql.Literal(temp)} ({copyOptions})", cancellationToken);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }, cancellationToken);

    private T?[] Extract<T>(string column, string type, Func<System.Data.Common.DbDataReader, int, T> get) where T : struct
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var values = new T?[RowCount];
        var row = 0;
        Session.ForEach($"SELECT TRY_CAST({Sql.Name(Column(column).Name)} AS {type}) FROM {StorageName} ORDER BY rowid",
            r => values[row++] = r.IsDBNull(0) ? null : get(r, 0));
        return values;
    }

    /// <summary>The storage table's columns and SQL types, in order.</summary>
    internal static List<(string Name, string Type)> DescribeStorage(DuckSession session, CancellationToken ct) =>
        // pragma_table_info reads one table's catalog entry; information_schema builds the view over every schema first (2-10 ms).
        session.Rows($"SELECT name, type FROM pragma_table_info('{StorageName}') ORDER BY cid", ct)
            .Select(r => ((string)r[0]!, (string)r[1]!)).ToList();

    private static double ToOADate(double unixSeconds) => DateTime.UnixEpoch.AddSeconds(unixSeconds).ToOADate();

    internal static long ToLong(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>Frees the engine and its memory.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Session.Dispose();
    }
}
