using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Tracking;
using Lepton.Tracking.Remote;
using Lepton.Tracking.Server;
using Lepton.Tracking.Stores;
using Microsoft.Extensions.Logging;

namespace Lepton.Bench;

/// <summary>
/// Reading one run's long metric history through the tracking server on 127.0.0.1, side by side with reading it
/// straight from the SQLite store behind the server; rounds interleaved after one warm-up of each.
/// </summary>
internal static class HttpHistoryRead
{
    public static JsonObject Measure(string folder, int points, int rounds) => MeasureAsync(folder, points, rounds).GetAwaiter().GetResult();

    private static async Task<JsonObject> MeasureAsync(string folder, int points, int rounds)
    {
        var database = Path.Combine(folder, "http.db");
        var options = new TrackingServerOptions { Port = 0, StoreUri = database, ArtifactRoot = Path.Combine(folder, "http-artifacts"), LogLevel = LogLevel.Warning };
        await using var app = await TrackingServer.CreateAsync(options);
        await app.StartAsync();
        await using var remote = new HttpMetadataStore(TrackingServer.AddressOf(app));
        await using var direct = await SqliteMetadataStore.OpenAsync(database);

        var run = await direct.CreateRunAsync(new RunStart("bench-http") { Environment = RunEnvironment.Unknown });
        var t0 = DateTimeOffset.UtcNow;
        for (var start = 0; start < points; start += 10_000)
        {
            var batch = Enumerable.Range(start, Math.Min(10_000, points - start)).Select(i => new MetricPoint("loss", 1.0 / (i + 1), i, i / 1000, t0.AddMilliseconds(i))).ToList();
            await direct.LogBatchAsync(run.RunId, new RunBatch(Metrics: batch));
        }

        Console.WriteLine($"HTTP history read: {rounds} rounds of {points:N0} points, through the server and straight from SQLite");
        var viaHttp = new List<double>();
        var viaStore = new List<double>();
        for (var round = -1; round < rounds; round++)
        {
            // Alternate which goes first so neither always finds the caches warm.
            var httpFirst = round % 2 == 0;
            var a = await TimeAsync(httpFirst ? remote : direct, run.RunId, points);
            var b = await TimeAsync(httpFirst ? direct : remote, run.RunId, points);
            if (round < 0) continue; // warm-up
            viaHttp.Add(httpFirst ? a : b);
            viaStore.Add(httpFirst ? b : a);
        }

        await app.StopAsync();
        var httpMedian = LoggingThroughput.Median(viaHttp);
        var directMedian = LoggingThroughput.Median(viaStore);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  HTTP {httpMedian:0} ms, SQLite directly {directMedian:0} ms (medians)"));
        return new JsonObject
        {
            ["points"] = points,
            ["rounds"] = rounds,
            ["http_ms_median"] = Math.Round(httpMedian, 1),
            ["direct_ms_median"] = Math.Round(directMedian, 1),
            ["http_ms"] = new JsonArray(viaHttp.Select(x => (JsonNode?)JsonValue.Create(Math.Round(x, 1))).ToArray()),
            ["direct_ms"] = new JsonArray(viaStore.Select(x => (JsonNode?)JsonValue.Create(Math.Round(x, 1))).ToArray()),
        };
    }

    private static async Task<double> TimeAsync(IMetadataStore store, string runId, int expected)
    {
        var watch = Stopwatch.StartNew();
        var history = await store.GetMetricHistoryAsync(runId, "loss");
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (history.Count != expected) throw new InvalidOperationException($"{store.Description} returned {history.Count:N0} points, not {expected:N0}.");
        return elapsed;
    }
}
