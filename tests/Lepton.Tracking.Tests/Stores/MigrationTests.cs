using Dapper;
using Lepton.Tracking.Stores;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lepton.Tracking.Tests.Stores;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresServer server) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_old_sqlite_database_upgrades_in_place_and_keeps_its_runs()
    {
        var path = _folder.PathOf("old.db");
        await UpgradeKeepsRunsAsync(
            () => SqliteMetadataStore.OpenAsync(path, schemaVersion: 1).ContinueWith(t => (SqlMetadataStore)t.Result),
            () => SqliteMetadataStore.OpenAsync(path).ContinueWith(t => (SqlMetadataStore)t.Result));
    }

    [FactIfPostgres]
    public async Task An_old_postgres_database_upgrades_in_place_and_keeps_its_runs()
    {
        var connection = server.CreateDatabase();
        await UpgradeKeepsRunsAsync(
            () => PostgresMetadataStore.OpenAsync(connection, schemaVersion: 1).ContinueWith(t => (SqlMetadataStore)t.Result),
            () => PostgresMetadataStore.OpenAsync(connection).ContinueWith(t => (SqlMetadataStore)t.Result));
    }

    [FactIfPostgres]
    public async Task Two_processes_opening_a_new_postgres_database_at_once_migrate_it_once()
    {
        var connection = server.CreateDatabase();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresMetadataStore.OpenAsync(connection)));
        foreach (var store in stores) await store.DisposeAsync();

        await using var db = new NpgsqlConnection(connection);
        Assert.Equal(stores[0].LatestSchemaVersion, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM lepton_schema"));
    }

    [Fact]
    public async Task A_database_from_a_newer_lepton_is_refused_by_name()
    {
        var path = _folder.PathOf("future.db");
        await (await SqliteMetadataStore.OpenAsync(path)).DisposeAsync();
        await using (var db = new SqliteConnection($"Data Source={path}"))
        {
            await db.ExecuteAsync("INSERT INTO lepton_schema (version, name, applied_at) VALUES (99, 'from the future', 0)");
        }

        SqliteConnection.ClearAllPools();
        var error = await Assert.ThrowsAsync<TrackingException>(() => SqliteMetadataStore.OpenAsync(path));

        Assert.Equal(TrackingErrorKind.Unavailable, error.Kind);
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_gets_a_clear_error()
    {
        var path = _folder.PathOf("not.db");
        await File.WriteAllTextAsync(path, "this is a text file, not SQLite, and it is long enough to have a header page");

        var error = await Assert.ThrowsAsync<TrackingException>(() => SqliteMetadataStore.OpenAsync(path));

        Assert.Equal(TrackingErrorKind.Unavailable, error.Kind);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static async Task UpgradeKeepsRunsAsync(Func<Task<SqlMetadataStore>> openOld, Func<Task<SqlMetadataStore>> openNew)
    {
        string runId;
        await using (var old = await openOld())
        {
            Assert.Equal(1, old.SchemaVersion);
            var run = await old.CreateRunAsync(new RunStart("legacy", "before-upgrade"));
            await old.LogBatchAsync(run.RunId, new RunBatch(Params: new Dictionary<string, string> { ["lr"] = "0.1" }, Metrics: [new("loss", 0.5, 1, 1, DateTimeOffset.UtcNow)]));
            runId = run.RunId;
            // The registry arrives with migration 2: the old schema has no such table.
            await Assert.ThrowsAnyAsync<Exception>(() => old.ListRegisteredModelsAsync());
        }

        await using var upgraded = await openNew();
        var kept = await upgraded.GetRunAsync(runId);
        var version = await upgraded.CreateModelVersionAsync(new NewModelVersion("legacy-model", new string('a', 64), "f", runId));

        Assert.Equal(upgraded.LatestSchemaVersion, upgraded.SchemaVersion);
        Assert.True(upgraded.SchemaVersion >= 3);
        Assert.Equal("before-upgrade", kept.Info.Name);
        Assert.Equal("0.1", kept.Params["lr"]);
        Assert.Equal(0.5, kept.LatestMetrics["loss"].Value);
        // The names written before migration 6 are read into its column table.
        var columns = await upgraded.GetRunColumnsAsync(["legacy"]);
        Assert.Equal(["lr"], columns.Params);
        Assert.Equal(["loss"], columns.Metrics);
        Assert.Equal(runId, (await upgraded.GetLineageAsync("legacy-model", version.Version)).Run?.RunId);
    }
}
