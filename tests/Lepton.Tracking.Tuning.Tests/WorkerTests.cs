using System.Diagnostics;
using Lepton.Tracking.Tests.Stores;
using Lepton.Tuning.Studies;

namespace Lepton.Tracking.Tuning.Tests;

/// <summary>Tuning workers as separate processes on one tracking database: together, and one of them killed mid-trial.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkerTests(PostgresServer server) : IDisposable
{
    private const int Workers = 4;
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string SqliteUri => "sqlite:///" + folder.PathOf("lepton.db");

    [Fact]
    public async Task Four_worker_processes_on_one_sqlite_file_share_a_study_without_a_lock_error()
    {
        await RunTogetherAsync(SqliteUri, trials: 200);
    }

    [FactIfPostgres]
    public async Task Four_worker_processes_on_one_postgres_database_share_a_study()
    {
        await RunTogetherAsync(server.CreateDatabase(), trials: 100);
    }

    [Fact]
    public async Task A_worker_killed_mid_trial_leaves_it_failed_once_its_heartbeat_is_stale_and_the_study_goes_on()
    {
        using (var hanging = Start("hang", SqliteUri))
        {
            try
            {
                var line = await hanging.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                if (line != "running 0")
                {
                    hanging.Kill(entireProcessTree: true);
                    Assert.Fail($"The worker said '{line}': {await hanging.StandardError.ReadToEndAsync()}");
                }

                await Task.Delay(300); // a heartbeat or so after the trial started
            }
            finally
            {
                hanging.Kill(entireProcessTree: true); // SIGKILL: the trial stays "running" in the database
                await hanging.WaitForExitAsync();
            }
        }

        await using (var store = await OpenAsync(SqliteUri))
        {
            var study = await store.FindStudyAsync("shared");
            Assert.Equal(TrialState.Running, Assert.Single(await store.TrialsAsync(study!.Id)).State);
        }

        await Task.Delay(600); // past the grace period of 2 × 200 ms
        var (code, output, error) = await RunAsync(Start("study", SqliteUri, "5", heartbeatMs: 200));
        Assert.True(code == 0, $"The next worker failed ({code}): {error}");
        Assert.Equal("ran 4", output.Trim());

        await using var after = await OpenAsync(SqliteUri);
        var trials = await after.TrialsAsync((await after.FindStudyAsync("shared"))!.Id);
        Assert.Equal(Enumerable.Range(0, 5), trials.Select(t => t.Number));
        Assert.Equal(TrialState.Failed, trials[0].State);
        Assert.Contains("its worker stopped: no heartbeat since", trials[0].Error, StringComparison.Ordinal);
        Assert.Equal(1.0, trials[0].Intermediate[0]); // what it reported before dying is kept
        Assert.Equal(["x", "y"], trials[0].Parameters.Keys.Order());
        Assert.All(trials.Skip(1), t => Assert.Equal(TrialState.Complete, t.State));
    }

    private async Task RunTogetherAsync(string uri, int trials)
    {
        var processes = Enumerable.Range(0, Workers).Select(_ => Start("study", uri, trials.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var results = await Task.WhenAll(processes.Select(RunAsync));

        foreach (var (code, _, error) in results)
        {
            Assert.DoesNotContain("locked", error, StringComparison.OrdinalIgnoreCase);
            Assert.True(code == 0, $"A worker failed ({code}): {error}");
        }

        var ran = results.Sum(r => int.Parse(r.Output.Trim()["ran ".Length..], System.Globalization.CultureInfo.InvariantCulture));
        await using var store = await OpenAsync(uri);
        var study = await store.FindStudyAsync("shared");
        var all = await store.TrialsAsync(study!.Id);
        // The store starts a trial only while the study has fewer than asked for, counted in the database: never one more.
        Assert.Equal(trials, all.Count);
        Assert.Equal(all.Count, ran);
        Assert.Equal(Enumerable.Range(0, all.Count), all.Select(t => t.Number));
        Assert.All(all, t =>
        {
            Assert.Equal(TrialState.Complete, t.State);
            Assert.Equal(["x", "y"], t.Parameters.Keys.Order());
            Assert.Equal([0, 1, 2, 3, 4], t.Intermediate.Keys.Order());
            Assert.Equal(Math.Pow(t.Parameters["x"] - 2, 2) + t.Parameters["y"], t.Value!.Value, 9);
        });
        Assert.True(results.Count(r => r.Output.Trim() != "ran 0") >= 2, "the trials were not shared between workers");
    }

    private async Task<TrackingStudyStore> OpenAsync(string uri) => await TrackingStudyStore.OpenAsync(new TrackingSettings(uri, folder.PathOf("artifacts")));

    /// <summary>Starts a worker; <paramref name="heartbeatMs"/> is long by default, so workers that start slowly on a loaded machine are not taken for dead.</summary>
    private static Process Start(string mode, string uri, string? trials = null, int heartbeatMs = 5_000)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Lepton.Tracking.Tuning.TestWorker", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "Lepton.Tracking.Tuning.TestWorker.dll");
        Assert.True(File.Exists(worker), $"The test worker is not built at {worker}.");
        var arguments = new List<string> { worker, mode, uri };
        if (trials is not null) arguments.AddRange([trials, heartbeatMs.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var info = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        return Process.Start(info)!;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(Process process)
    {
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"A worker did not finish in 3 minutes: {await error}");
            }

            return (process.ExitCode, await output, await error);
        }
    }
}
