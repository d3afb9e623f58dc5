using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

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

    // Straight on SQLite's statement API: one native call a column, where the ADO.NET reader makes two or three (type
    // checks) and a task a row; reading a 100,000-point series is most of a chart's request.
    public override Task ReadSeriesAsync(DbCommand command, SeriesColumns columns, CancellationToken cancellationToken)
    {
        var handle = ((SqliteConnection)command.Connection!).Handle ?? throw new InvalidOperationException("The series read needs an open connection.");
        var rc = raw.sqlite3_prepare_v2(handle, command.CommandText, out var statement);
        using (statement)
        {
            Check(handle, rc);
            foreach (DbParameter parameter in command.Parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, "@" + parameter.ParameterName);
                rc = parameter.Value switch
                {
                    string text => raw.sqlite3_bind_text(statement, index, text),
                    long number => raw.sqlite3_bind_int64(statement, index, number),
                    _ => throw new ArgumentException($"A series parameter of type {parameter.Value?.GetType().Name} cannot be bound.", nameof(command)),
                };
                Check(handle, rc);
            }

            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                cancellationToken.ThrowIfCancellationRequested();
                columns.Add(
                    raw.sqlite3_column_int64(statement, 0),
                    raw.sqlite3_column_int64(statement, 1),
                    raw.sqlite3_column_type(statement, 2) == raw.SQLITE_NULL ? double.NaN : raw.sqlite3_column_double(statement, 2),
                    raw.sqlite3_column_type(statement, 3) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int(statement, 3));
            }

            if (rc != raw.SQLITE_DONE) Check(handle, rc);
        }

        return Task.CompletedTask;
    }

    private static void Check(sqlite3 handle, int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, handle);
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
