using System.Net;

namespace Lepton.Tracking.Server.Tests;

/// <summary>
/// Long metric histories read through the HTTP API, whole and in pages. How fast is the tracking benchmark's
/// question (bench/: `lepton-bench tracking`, the HTTP history read against SQLite directly), not this test's.
/// </summary>
public sealed class MetricHistoryTests
{
    [Fact]
    public async Task A_history_of_100000_points_is_read_whole_and_in_pages()
    {
        await using var server = await RunningServer.StartAsync();
        await using var store = server.OpenStore();
        var run = await store.CreateRunAsync(new RunStart("long") { Environment = RunEnvironment.Unknown });
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        // Written straight to the server's database (the contract tests cover logging through HTTP); read through HTTP.
        await using var local = await Lepton.Tracking.Stores.SqliteMetadataStore.OpenAsync(server.DatabasePath);
        for (var batch = 0; batch < 10; batch++)
        {
            var points = Enumerable.Range(batch * 10_000, 10_000).Select(i => new MetricPoint("loss", 1.0 / (i + 1), i, i / 1000, t0.AddMilliseconds(i))).ToList();
            await local.LogBatchAsync(run.RunId, new RunBatch(Metrics: points));
        }

        var history = await store.GetMetricHistoryAsync(run.RunId, "loss");
        var (page, total) = await store.GetMetricHistoryPageAsync(run.RunId, "loss", offset: 99_990, limit: 100);
        var raw = await server.Http.GetAsync($"/api/runs/{run.RunId}/metrics/history?key=loss");

        Assert.Equal(100_000, history.Count);
        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => (long)i), history.Select(p => p.Step));
        Assert.Equal(1.0 / 100_000, history[^1].Value);
        Assert.Equal(t0.AddMilliseconds(99_999), history[^1].Timestamp);
        Assert.Equal(100_000, total);
        Assert.Equal(Enumerable.Range(99_990, 10).Select(i => (long)i), page.Select(p => p.Step));
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.True(raw.Headers.TransferEncodingChunked ?? false, "the history should be streamed, not buffered with a length");
    }
}
