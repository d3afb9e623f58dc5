using System.Net;
using Lepton.Tracking.Stores;

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
        var run = await LogHistoryAsync(server, store, "long", i => 1.0 / (i + 1), i => i / 1000);

        var history = await store.GetMetricHistoryAsync(run.RunId, "loss");
        var (page, total) = await store.GetMetricHistoryPageAsync(run.RunId, "loss", offset: 99_990, limit: 100);
        var raw = await server.Http.GetAsync($"/api/runs/{run.RunId}/metrics/history?key=loss");

        Assert.Equal(100_000, history.Count);
        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => (long)i), history.Select(p => p.Step));
        Assert.Equal(1.0 / 100_000, history[^1].Value);
        Assert.Equal(T0.AddMilliseconds(99_999), history[^1].Timestamp);
        Assert.Equal(100_000, total);
        Assert.Equal(Enumerable.Range(99_990, 10).Select(i => (long)i), page.Select(p => p.Step));
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.True(raw.Headers.TransferEncodingChunked ?? false, "the history should be streamed, not buffered with a length");
    }

    [Fact]
    public async Task A_chart_gets_a_thinned_history_with_its_extremes_and_a_zoomed_range_at_full_resolution()
    {
        await using var server = await RunningServer.StartAsync();
        await using var store = server.OpenStore();
        // A noisy falling loss with one spike (step 61,234) and its lowest value at step 88,888.
        var run = await LogHistoryAsync(server, store, "chart", i => i == 61_234 ? 50 : i == 88_888 ? -1 : 1.0 / (i + 1) + 0.01 * Math.Sin(i), _ => null);

        var thinned = await ApiResponse.SendAsync(server.Http, HttpMethod.Get, $"/api/runs/{run.RunId}/metrics/history?key=loss&maxPoints=320");
        var zoomed = await ApiResponse.SendAsync(server.Http, HttpMethod.Get, $"/api/runs/{run.RunId}/metrics/history?key=loss&maxPoints=320&minStep=61000&maxStep=61200");
        var mixed = await ApiResponse.SendAsync(server.Http, HttpMethod.Get, $"/api/runs/{run.RunId}/metrics/history?key=loss&maxPoints=320&limit=10");
        var tiny = await ApiResponse.SendAsync(server.Http, HttpMethod.Get, $"/api/runs/{run.RunId}/metrics/history?key=loss&maxPoints=3");

        Assert.Equal(HttpStatusCode.OK, thinned.Status);
        Assert.Equal(100_000, thinned.Json.GetProperty("total").GetInt32());
        var steps = thinned.Json.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt64()).ToList();
        Assert.InRange(steps.Count, 300, 320);
        Assert.Equal(steps.Order(), steps);
        Assert.Equal([0L, 99_999L], new[] { steps[0], steps[^1] });
        Assert.Contains(61_234L, steps);
        Assert.Contains(88_888L, steps);

        Assert.Equal(201, zoomed.Json.GetProperty("total").GetInt32());
        Assert.Equal(Enumerable.Range(61_000, 201).Select(i => (long)i),
            zoomed.Json.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("step").GetInt64()));
        Assert.Contains("does not go with offset or limit", mixed.AssertError(HttpStatusCode.BadRequest, "invalid"), StringComparison.Ordinal);
        Assert.Contains("at least 4 points", tiny.AssertError(HttpStatusCode.BadRequest, "invalid"), StringComparison.Ordinal);
    }

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    /// <summary>
    /// A run with 100,000 points of "loss" (step i, <paramref name="value"/>(i), one millisecond apart), written straight
    /// to the server's database in batches of 10,000 (the contract tests cover logging through HTTP); read through HTTP.
    /// </summary>
    private static async Task<RunInfo> LogHistoryAsync(RunningServer server, IMetadataStore store, string experiment, Func<int, double> value, Func<int, int?> epoch)
    {
        var run = await store.CreateRunAsync(new RunStart(experiment) { Environment = RunEnvironment.Unknown });
        await using var local = await SqliteMetadataStore.OpenAsync(server.DatabasePath);
        for (var batch = 0; batch < 10; batch++)
        {
            var points = Enumerable.Range(batch * 10_000, 10_000).Select(i => new MetricPoint("loss", value(i), i, epoch(i), T0.AddMilliseconds(i))).ToList();
            await local.LogBatchAsync(run.RunId, new RunBatch(Metrics: points));
        }
        return run;
    }
}
