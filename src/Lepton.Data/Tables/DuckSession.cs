using System.Data.Common;
using System.Diagnostics;
using DuckDB.NET.Data;

namespace Lepton.Data.Tables;

/// <summary>One embedded DuckDB database: a table's storage and the engine that reads, profiles and writes it.</summary>
internal sealed class DuckSession : IDisposable
{
    private readonly DuckDBConnection connection;
    private readonly string tempDirectory;

    // LEPTON_SQL_TRACE=1 prints every query with its time to standard error: where a read or profile spends it.
    private static readonly bool Trace = Environment.GetEnvironmentVariable("LEPTON_SQL_TRACE") == "1";

    /// <summary>
    /// Tables estimated at least this large (as 8-byte values) are kept in a file in the engine's private folder
    /// rather than in memory: DuckDB compresses a stored table and its buffer manager can evict the table's blocks
    /// under <see cref="OnDiskMemoryLimit"/>, where an in-memory table can neither be compressed nor evicted. A
    /// 640,000 × 135 table of doubles held 958 MB in memory and peaked at 2.8 GB while rewritten; stored (a 400 MB limit),
    /// 185 MB on disk and a 0.84 GB peak, in the same time.
    /// </summary>
    public const long OnDiskFromBytes = 16L * 1024 * 1024;

    /// <summary>The memory limit of an engine whose tables are stored on disk, unless one is given: its buffers, not its data.</summary>
    public static string OnDiskMemoryLimit =>
        $"{Math.Min(256, Math.Max(64, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / (1024 * 1024)))}MiB";

    /// <summary>Opens an engine capped at <paramref name="memoryLimit"/> (DuckDB's notation), or <see cref="TableReadOptions.DefaultMemoryLimit"/>.</summary>
    /// <param name="memoryLimit">DuckDB's notation, e.g. "512MB".</param>
    /// <param name="threads">The engine's worker threads, or null for one per core (small tables run faster on one).</param>
    /// <param name="onDisk">Store the tables in a file in the engine's private folder (deleted with it), for large data; see <see cref="OnDiskFromBytes"/>.</param>
    public DuckSession(string? memoryLimit = null, int? threads = null, bool onDisk = false)
    {
        tempDirectory = Path.Combine(Path.GetTempPath(), "lepton-duckdb-" + Guid.NewGuid().ToString("N"));
        OnDisk = onDisk;
        if (onDisk) Directory.CreateDirectory(tempDirectory);
        connection = new DuckDBConnection(onDisk ? $"DataSource={Path.Combine(tempDirectory, "tables.duckdb")}" : "DataSource=:memory:");
        try
        {
            connection.Open();
            // Spill to a private folder when data outgrows memory; progress is polled, never printed.
            Execute($"SET temp_directory = {Sql.Literal(tempDirectory)}");
            Execute($"SET memory_limit = {Sql.Literal(memoryLimit ?? (onDisk ? OnDiskMemoryLimit : TableReadOptions.DefaultMemoryLimit))}");
            Execute("SET enable_progress_bar = true");
            Execute("SET enable_progress_bar_print = false");
            if (threads is { } n) Execute($"SET threads = {n}");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Whether the tables are stored in a file rather than in memory.</summary>
    public bool OnDisk { get; }

    /// <summary>The progress of the query now running, as the engine estimates it (percentage -1 when unknown).</summary>
    public (double Percentage, long Rows) QueryProgress
    {
        get
        {
            var progress = connection.GetQueryProgress();
            return (progress.Percentage, (long)progress.RowsProcessed);
        }
    }

    public void Execute(string sql, CancellationToken cancellationToken = default) =>
        Run(sql, cancellationToken, command => command.ExecuteNonQuery());

    public object? Scalar(string sql, CancellationToken cancellationToken = default) =>
        Run(sql, cancellationToken, command =>
        {
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        });

    /// <summary>Every row of a query as an array of values (DBNull turned into null). For small results only.</summary>
    public List<object?[]> Rows(string sql, CancellationToken cancellationToken = default) =>
        Run(sql, cancellationToken, command =>
        {
            using var reader = command.ExecuteReader();
            var rows = new List<object?[]>();
            while (reader.Read()) rows.Add(ReadRow(reader));
            return rows;
        });

    /// <summary>Streams a query's rows to a callback, for column extraction without an intermediate list.</summary>
    public void ForEach(string sql, Action<DbDataReader> onRow, CancellationToken cancellationToken = default) =>
        Run(sql, cancellationToken, command =>
        {
            using var reader = command.ExecuteReader();
            while (reader.Read()) onRow(reader);
            return 0;
        });

    /// <summary>Appends rows to a table through DuckDB's appender; values per column (long, double, bool, string or null), one per row.</summary>
    public void Append(string table, IReadOnlyList<object?[]> columns, int rowCount)
    {
        using var appender = connection.CreateAppender(table);
        for (var i = 0; i < rowCount; i++)
        {
            var row = appender.CreateRow();
            foreach (var column in columns)
            {
                row = column[i] switch
                {
                    null => row.AppendNullValue(),
                    long l => row.AppendValue(l),
                    double d => row.AppendValue(d),
                    bool b => row.AppendValue(b),
                    string s => row.AppendValue(s),
                    var other => throw new ArgumentException($"Cannot append a {other.GetType().Name} to '{table}'.", nameof(columns)),
                };
            }
            row.EndRow();
        }
    }

    private static object?[] ReadRow(DbDataReader reader)
    {
        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        return row;
    }

    private T Run<T>(string sql, CancellationToken cancellationToken, Func<DuckDBCommand, T> action)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var registration = cancellationToken.Register(command.Cancel);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return action(command);
        }
        catch (DuckDBException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            if (Trace) Console.Error.WriteLine($"{Stopwatch.GetElapsedTime(started).TotalMilliseconds,8:0} ms  {(sql.Length > 160 ? sql[..160] : sql)}");
        }
    }

    public void Dispose()
    {
        connection.Dispose();
        try
        {
            if (Directory.Exists(tempDirectory)) Directory.Delete(tempDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A spill folder that cannot be removed now is left to the OS's temp cleaning.
        }
    }
}
