using System.Data.Common;
using Dapper;

namespace Lepton.Tracking.Stores;

/// <summary>What differs between the SQL databases a <see cref="SqlMetadataStore"/> runs on.</summary>
internal abstract class SqlDialect
{
    /// <summary>The folder of embedded migrations (<c>Sqlite</c>, <c>Postgres</c>).</summary>
    public abstract string MigrationFolder { get; }

    /// <summary>Opens a connection ready for use.</summary>
    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Starts a write transaction that holds the write lock from the start (no upgrade deadlocks).</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Takes whatever lock keeps two processes from migrating the same database at once.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Appends metric points to the <c>metrics</c> table inside <paramref name="transaction"/>.</summary>
    public abstract Task InsertMetricsAsync(DbConnection connection, DbTransaction transaction, string runId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken);

    /// <summary>SQL testing <paramref name="column"/> against a list parameter (Dapper expands lists for SQLite; PostgreSQL takes an array).</summary>
    public abstract string InList(string column, string parameter);

    /// <summary>How a metric value is bound: as it is, unless the database cannot hold it (SQLite and NaN).</summary>
    public virtual double? StoredValue(double value) => value;

    /// <summary>SQL true when a metric value column holds NaN (SQLite stores NaN as NULL, so never there).</summary>
    public virtual string IsNaN(string column) => "0 = 1";

    /// <summary>What a SELECT inside a write transaction ends with to lock the rows it reads (SQLite's write lock already covers them).</summary>
    public virtual string ForUpdate => "";

    /// <summary>
    /// A statement that lets the current write transaction commit without waiting for the disk, or null where commits
    /// do not wait already (SQLite in WAL mode with synchronous=NORMAL). For writes that a later durable commit covers.
    /// </summary>
    public virtual string? RelaxedCommit => null;

    /// <summary>
    /// Runs <paramref name="sql"/> (statements separated by semicolons) as one write transaction that holds the write lock
    /// from its start, sent to a server in one round trip, and hands the result sets of the statements that return rows to
    /// <paramref name="read"/>. When <paramref name="durable"/> is false the commit does not wait for the disk: for writes
    /// a later durable commit covers (the write-ahead log is flushed in order). <paramref name="then"/>, if any, are reads
    /// that see the commit, sent in the same round trip; their results follow the batch's own.
    /// </summary>
    public abstract Task<T> WriteBatchAsync<T>(string sql, object parameters, bool durable, Func<SqlMapper.GridReader, Task<T>> read, string? then, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="command"/>, which selects <c>step, measured_at, value, epoch</c> from <c>metrics</c>, and
    /// appends its rows to <paramref name="columns"/> (a NULL value is NaN).
    /// </summary>
    public virtual async Task ReadSeriesAsync(DbCommand command, SeriesColumns columns, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            columns.Add(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2), reader.IsDBNull(3) ? null : (int)reader.GetInt64(3));
        }
    }

    /// <summary>Whether an exception is a unique-key violation.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>Releases pooled connections.</summary>
    public abstract ValueTask DisposeAsync();
}
