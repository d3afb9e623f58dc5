using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Tracking;

namespace Lepton.Bench;

/// <summary>
/// Metric points per second into one store: batched through <see cref="ActiveRun"/> (what Fit and users do),
/// side by side with one point per write (the baseline batching is measured against), interleaved round by round.
/// </summary>
internal static class LoggingThroughput
{
    public static JsonObject Measure(TrackingClient client, string store, int points, int singlePoints, int rounds)
    {
        var batched = new List<double>();
        var single = new List<double>();
        Batched(client, Math.Min(points, 10_000)); // warm-up: connections, prepared statements, JIT
        Single(client, Math.Min(singlePoints, 100));
        for (var round = 0; round < rounds; round++)
        {
            batched.Add(Batched(client, points));
            single.Add(Single(client, singlePoints));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round + 1} {store,-10} batched {batched[^1],10:N0} points/s   one per write {single[^1],8:N0} points/s"));
        }

        var ratios = batched.Zip(single, (b, s) => b / s).ToList();
        return new JsonObject
        {
            ["batched_points"] = points,
            ["single_points"] = singlePoints,
            ["batched_points_per_second"] = Math.Round(Median(batched)),
            ["single_points_per_second"] = Math.Round(Median(single)),
            ["ratio_batched_to_single"] = Math.Round(Median(ratios), 1),
            ["batched_rounds"] = new JsonArray(batched.Select(x => (JsonNode?)JsonValue.Create(Math.Round(x))).ToArray()),
            ["single_rounds"] = new JsonArray(single.Select(x => (JsonNode?)JsonValue.Create(Math.Round(x))).ToArray()),
        };
    }

    /// <summary>Points/s from the first LogMetric to the flush that has them all stored.</summary>
    private static double Batched(TrackingClient client, int points)
    {
        var run = client.StartRunAsync("bench-logging", "batched").GetAwaiter().GetResult();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < points; i++) run.LogMetric("loss", 1.0 / (i + 1), i);
        run.FlushAsync().GetAwaiter().GetResult();
        clock.Stop();
        run.EndAsync().GetAwaiter().GetResult();
        Check(client, run.RunId, points);
        return points / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Points/s when every point is its own write (its own transaction).</summary>
    private static double Single(TrackingClient client, int points)
    {
        var info = client.Store.CreateRunAsync(new RunStart("bench-logging", "single")).GetAwaiter().GetResult();
        var now = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < points; i++)
            client.Store.LogBatchAsync(info.RunId, new RunBatch(Metrics: [new MetricPoint("loss", 1.0 / (i + 1), i, null, now)])).GetAwaiter().GetResult();
        clock.Stop();
        client.Store.EndRunAsync(info.RunId, RunStatus.Finished).GetAwaiter().GetResult();
        Check(client, info.RunId, points);
        return points / clock.Elapsed.TotalSeconds;
    }

    private static void Check(TrackingClient client, string runId, int points)
    {
        var stored = client.Store.GetMetricHistoryAsync(runId, "loss").GetAwaiter().GetResult().Count;
        if (stored != points) throw new InvalidOperationException($"Run {runId} stored {stored} of {points} points.");
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
