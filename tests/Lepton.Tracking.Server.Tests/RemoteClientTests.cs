using Lepton.Tracking.Remote;

namespace Lepton.Tracking.Server.Tests;

/// <summary>The SDK pointed at a server URI works as it does against a local store.</summary>
public sealed class RemoteClientTests
{
    [Fact]
    public async Task A_client_opened_on_a_server_uri_logs_runs_artifacts_and_registers_models()
    {
        await using var server = await RunningServer.StartAsync();
        await using var client = await TrackingClient.OpenAsync(new TrackingSettings(server.Address.AbsoluteUri, "unused"));
        Assert.IsType<HttpMetadataStore>(client.Store);
        var file = Path.Combine(server.Folder, "model.lepton");
        await File.WriteAllBytesAsync(file, [1, 2, 3, 4, 5]);

        string runId;
        await using (var run = await client.StartRunAsync("remote", "first"))
        {
            runId = run.RunId;
            run.LogParam("lr", 0.01);
            for (var step = 0; step < 50; step++) run.LogMetric("loss", 1.0 / (step + 1), step);
            run.SetTag("stage", "try");
            await run.LogArtifactAsync(file);
        }

        var stored = await client.Store.GetRunAsync(runId);
        var version = await client.Registry.RegisterRunModelAsync("remote-model", runId);
        await client.Registry.SetAliasAsync("remote-model", "production", version.Version);
        var resolved = await client.Registry.ResolveAsync("remote-model@production");
        var copy = Path.Combine(server.Folder, "copy.lepton");
        await client.DownloadAsync(resolved.ArtifactHash, copy);

        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal("0.01", stored.Params["lr"]);
        Assert.Equal(50, (await client.Store.GetMetricHistoryAsync(runId, "loss")).Count);
        Assert.Equal("model.lepton", Assert.Single(stored.Artifacts).Path);
        Assert.Equal(1, resolved.Version);
        Assert.Equal(runId, resolved.RunId);
        Assert.Equal([1, 2, 3, 4, 5], await File.ReadAllBytesAsync(copy));
    }

    [Fact]
    public async Task A_server_marks_runs_abandoned_by_dead_processes_failed_when_it_starts()
    {
        string runId;
        var folder = Path.Combine(Path.GetTempPath(), "lepton-server-tests", Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "lepton.db");
        try
        {
            await using (var local = await Lepton.Tracking.Stores.SqliteMetadataStore.OpenAsync(database))
            {
                var run = await local.CreateRunAsync(new RunStart("exp") { Process = ("some-other-host", 1), StartTime = DateTimeOffset.UtcNow.AddHours(-1), Environment = RunEnvironment.Unknown });
                runId = run.RunId;
            }

            await using var server = await RunningServer.StartAsync(o =>
            {
                o.StoreUri = database;
                o.StaleAfter = TimeSpan.FromMinutes(5);
            });
            await using var store = server.OpenStore();

            Assert.Equal(RunStatus.Failed, (await store.GetRunAsync(runId)).Info.Status);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
