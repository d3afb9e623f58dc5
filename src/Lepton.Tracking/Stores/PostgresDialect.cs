using System.Data.Common;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Lepton.Tracking.Stores;

/// <summary>PostgreSQL: pooled connections from one data source, metric points appended with binary COPY.</summary>
internal sealed class PostgresDialect(NpgsqlDataSource dataSource) : SqlDialect
{
    // Any fixed number: two processes starting against a new database migrate one after the other.
    private const long MigrationLockKey = 0x4c6570746f6e; // "Lepton"

    public override string MigrationFolder => "Postgres";

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task InsertMetricsAsync(DbConnection connection, DbTransaction transaction, string runId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        await using var writer = await npgsql.BeginBinaryImportAsync(
            "COPY metrics (run_id, key, step, epoch, measured_at, value) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var point in points)
        {
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(runId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(point.Key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(point.Step, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            if (point.Epoch is { } epoch) await writer.WriteAsync((long)epoch, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            else await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(point.Timestamp.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(point.Value, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    // PostgreSQL stores NaN and orders it above every number; NaN = NaN is true there.
    public override string IsNaN(string column) => $"{column} = 'NaN'::double precision";

    public override string ForUpdate => " FOR UPDATE";

    // The WAL is flushed in order, so the next synchronous commit (a trial's finish) makes these durable too.
    public override string? RelaxedCommit => "SET LOCAL synchronous_commit = off";

    // BEGIN and COMMIT travel in the same message as the statements: one round trip. Should a statement fail, the server
    // skips the rest, and Npgsql rolls the failed transaction back before the connection goes back to its pool.
    public override async Task<T> WriteBatchAsync<T>(string sql, object parameters, bool durable, Func<SqlMapper.GridReader, Task<T>> read, string? then, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var text = (durable ? $"BEGIN; {sql}; COMMIT" : $"BEGIN; {RelaxedCommit}; {sql}; COMMIT") + (then is null ? "" : $"; {then}");
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(text, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return await read(results).ConfigureAwait(false);
    }

    public override string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
