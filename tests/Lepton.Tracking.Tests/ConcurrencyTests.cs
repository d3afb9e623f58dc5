using Lepton.Tracking.Artifacts;
using Lepton.Tracking.Stores;
using Lepton.Tracking.Tests.Stores;

namespace Lepton.Tracking.Tests;

/// <summary>16 runs logging 10,000 metric points each, all at once, lose nothing.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConcurrencyTests(PostgresServer server) : IDisposable
{
    private const int Runs = 16;
    private const int Points = 10_000;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Sixteen_runs_logging_at_once_to_sqlite_lose_no_point()
    {
        await using var client = new TrackingClient(await SqliteMetadataStore.OpenAsync(_folder.PathOf("lepton.db")), new LocalArtifactStore(_folder.PathOf("artifacts")));
        await LogInParallelAsync(client);
    }

    [FactIfPostgres]
    public async Task Sixteen_runs_logging_at_once_to_postgres_lose_no_point()
    {
        await using var client = new TrackingClient(await PostgresMetadataStore.OpenAsync(server.CreateDatabase()), new LocalArtifactStore(_folder.PathOf("artifacts")));
        await LogInParallelAsync(client);
    }

    private static async Task LogInParallelAsync(TrackingClient client)
    {
        var started = 0;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ids = await Task.WhenAll(Enumerable.Range(0, Runs).Select(r => Task.Run(async () =>
        {
            await using var run = await client.StartRunAsync("parallel", $"run-{r}");
            if (Interlocked.Increment(ref started) == Runs) go.SetResult();
            await go.Task; // all runs log at the same time
            for (var i = 0; i < Points; i++)
            {
                run.LogMetric("loss", r + (i / (double)Points), i);
                if (i % 1000 == 0) run.LogMetric("lr", 0.1, i);
            }

            await run.EndAsync();
            return run.RunId;
        })));

        foreach (var (id, r) in ids.Select((id, r) => (id, r)))
        {
            var history = await client.Store.GetMetricHistoryAsync(id, "loss");
            Assert.Equal(Points, history.Count);
            Assert.Equal(Enumerable.Range(0, Points).Select(i => (long)i), history.Select(p => p.Step));
            Assert.Equal(r + ((Points - 1) / (double)Points), history[^1].Value);
            Assert.Equal(Points / 1000, (await client.Store.GetMetricHistoryAsync(id, "lr")).Count);
            Assert.Equal(RunStatus.Finished, (await client.Store.GetRunAsync(id)).Info.Status);
        }
    }
}
