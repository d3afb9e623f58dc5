using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Lepton.Tracking.Tests;

/// <summary>What a process killed (SIGKILL, no chance to clean up) in the middle of tracking leaves behind.</summary>
public sealed class CrashTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_run_killed_midway_stays_readable_and_is_marked_failed_on_the_next_start()
    {
        var runId = KillWorkerAfter("run", line => line.StartsWith("started ", StringComparison.Ordinal))[8..];

        // The database is intact and the run is still "running": nobody ended it.
        await using (var db = new SqliteConnection($"Data Source={_folder.PathOf("lepton.db")}"))
        {
            Assert.Equal("ok", await db.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        }

        SqliteConnection.ClearAllPools();
        await using var client = await TrackingClient.OpenAsync(TrackingSettings.InFolder(_folder.Path));
        var run = await client.Store.GetRunAsync(runId);
        var history = await client.Store.GetMetricHistoryAsync(runId, "loss");

        Assert.Equal(RunStatus.Failed, run.Info.Status);
        Assert.Contains("ended without ending the run", run.Tags["lepton.failure"], StringComparison.Ordinal);
        Assert.Equal("killed by a test", run.Params["purpose"]);
        Assert.True(history.Count >= 101, $"only {history.Count} points survived");
        Assert.Equal(Enumerable.Range(0, history.Count).Select(i => (long)i), history.Select(p => p.Step)); // no gaps: batches are all or nothing
    }

    [Fact]
    public async Task A_fit_killed_after_an_improving_epoch_keeps_its_best_checkpoint()
    {
        var runId = KillWorkerAfter("fit", line => line.StartsWith("improved ", StringComparison.Ordinal))[9..];

        SqliteConnection.ClearAllPools();
        await using var client = await TrackingClient.OpenAsync(TrackingSettings.InFolder(_folder.Path));
        var run = await client.Store.GetRunAsync(runId);
        var checkpoint = Assert.Single(run.Artifacts, a => a.Path == "checkpoints/best.lepton");
        Assert.True(int.Parse(run.Tags["lepton.best_epoch"], System.Globalization.CultureInfo.InvariantCulture) >= 2);
        var copy = _folder.PathOf("best.lepton");
        await client.DownloadAsync(checkpoint.Hash, copy);
        using var model = Nn.Models.Model.Load(copy);
        Assert.Equal(RunStatus.Failed, run.Info.Status);
    }

    [Fact]
    public async Task An_upload_killed_midway_leaves_no_file_under_any_hash()
    {
        KillWorkerAfter("upload", line => line == "uploading");

        var artifacts = Path.Combine(_folder.Path, "artifacts");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(artifacts, "sha256"), "*", SearchOption.AllDirectories));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(artifacts, "tmp"), "*.part")); // the half file, outside the store
        var store = new Lepton.Tracking.Artifacts.LocalArtifactStore(artifacts);
        var blob = await store.PutAsync(new MemoryStream([1, 2, 3]));
        Assert.True(await store.ExistsAsync(blob.Hash));
    }

    /// <summary>Starts the worker, waits for the line <paramref name="ready"/> accepts, kills it hard and returns that line.</summary>
    private string KillWorkerAfter(string mode, Func<string, bool> ready)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Lepton.Tracking.TestWorker", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "Lepton.Tracking.TestWorker.dll");
        Assert.True(File.Exists(worker), $"The test worker is not built at {worker}.");
        var info = new ProcessStartInfo("dotnet", [worker, mode, _folder.Path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        try
        {
            var line = process.StandardOutput.ReadLineAsync();
            while (true)
            {
                if (!line.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException($"The {mode} worker said nothing for a minute.");
                var text = line.Result ?? throw new InvalidOperationException($"The {mode} worker ended early: {process.StandardError.ReadToEnd()}");
                if (ready(text))
                {
                    Thread.Sleep(200); // let it get further into the work before the kill
                    return text;
                }

                line = process.StandardOutput.ReadLineAsync();
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flushing
            process.WaitForExit();
        }
    }
}
