using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Lepton.Tracking.Stores;

/// <summary>
/// SQLite: one file, write-ahead logging so readers never wait for the writer, and IMMEDIATE transactions so
/// parallel writers queue on the busy timeout instead of failing with "database is locked".
/// </summary>
internal sealed class SqliteDialect(string path) : SqlDialect
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 60,
    }.ToString();

    public override string MigrationFolder => "Sqlite";

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 60000;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // the IMMEDIATE transaction already holds the database's write lock

    public override async Task InsertMetricsAsync(DbConnection connection, DbTransaction transaction, string runId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO metrics (run_id, key, step, epoch, measured_at, value) VALUES ($run, $key, $step, $epoch, $at, $value)";
        var run = insert.CreateParameter(); run.ParameterName = "$run"; run.Value = runId; insert.Parameters.Add(run);
        var key = insert.CreateParameter(); key.ParameterName = "$key"; insert.Parameters.Add(key);
        var step = insert.CreateParameter(); step.ParameterName = "$step"; insert.Parameters.Add(step);
        var epoch = insert.CreateParameter(); epoch.ParameterName = "$epoch"; insert.Parameters.Add(epoch);
        var at = insert.CreateParameter(); at.ParameterName = "$at"; insert.Parameters.Add(at);
        var value = insert.CreateParameter(); value.ParameterName = "$value"; insert.Parameters.Add(value);
        insert.Prepare();
        foreach (var point in points)
        {
            key.Value = point.Key;
            step.Value = point.Step;
            epoch.Value = point.Epoch is { } e ? e : DBNull.Value;
            at.Value = point.Timestamp.ToUnixTimeMilliseconds();
            value.Value = StoredValue(point.Value) is { } stored ? stored : DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // In process, so the statements' number costs little; synchronous=NORMAL in WAL mode never waits for the disk at commit.
    // The reads run before the commit, under the write lock: they see what they would after it.
    public override async Task<T> WriteBatchAsync<T>(string sql, object parameters, bool durable, Func<SqlMapper.GridReader, Task<T>> read, string? then, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        T result;
        var text = then is null ? sql : $"{sql};\n{then}";
        await using (var results = await connection.QueryMultipleAsync(new CommandDefinition(text, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false))
        {
            result = await read(results).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override string InList(string column, string parameter) => $"{column} IN {parameter}";

    // Microsoft.Data.Sqlite refuses NaN; NULL stands for it in the metric tables and is read back as NaN.
    public override double? StoredValue(double value) => double.IsNaN(value) ? null : value;

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 }; // SQLITE_CONSTRAINT

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
