using System.Diagnostics;
using Lepton.Tracking;
using Lepton.Tracking.Stores;

namespace Lepton.Bench.Web;

/// <summary>
/// The store the figures are measured on: one run with a 100,000-point metric, one with ten such metrics, and an
/// experiment of many runs, each with 20 shared metrics, 10 parameters and one metric of a pool of 1,000 names (so the
/// column picker holds over a thousand).
/// </summary>
internal sealed record StoreFill(string LongRun, string TenRun, string WideExperiment, int WideRuns, double FillSeconds)
{
    public const int LongPoints = 100_000;
    public const int SharedMetrics = 20;
    public const int RareMetrics = 1_000;
    public const int Params = 10;

    public static async Task<StoreFill> WriteAsync(TrackingClient tracking, int wideRuns)
    {
        var clock = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        string longRun, tenRun;
        await using (var run = await tracking.StartRunAsync("long", name: "one-100k-metric"))
        {
            LogCurve(run, "loss", start, 0);
            await run.EndAsync();
            longRun = run.RunId;
        }

        await using (var run = await tracking.StartRunAsync("long", name: "ten-100k-metrics"))
        {
            for (var m = 0; m < 10; m++) LogCurve(run, $"loss_{m}", start, m);
            await run.EndAsync();
            tenRun = run.RunId;
        }

        var store = tracking.Store;
        var random = new Random(11);
        for (var r = 0; r < wideRuns; r++)
        {
            var info = await store.CreateRunAsync(new RunStart("wide", $"run-{r:00000}", null, null));
            var metrics = new List<MetricPoint>(SharedMetrics + 1);
            var at = start.AddSeconds(r);
            for (var m = 0; m < SharedMetrics; m++) metrics.Add(new MetricPoint($"m{m}", random.NextDouble(), 1, 1, at));
            metrics.Add(new MetricPoint($"x{r % RareMetrics:000}", random.NextDouble(), 1, 1, at));
            var parameters = Enumerable.Range(0, Params).ToDictionary(p => $"p{p}", p => p == 1 ? (r % 3 == 0 ? "x" : "y") : random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await store.LogBatchAsync(info.RunId, new RunBatch(parameters, new Dictionary<string, string>(), metrics));
            await store.EndRunAsync(info.RunId, RunStatus.Finished);
            if ((r + 1) % 1000 == 0) Console.WriteLine($"  {r + 1:N0} runs written ({clock.Elapsed.TotalSeconds:0} s)");
        }

        return new StoreFill(longRun, tenRun, "wide", wideRuns, clock.Elapsed.TotalSeconds);
    }

    /// <summary>A per-batch training loss: falling, noisy, with spikes, one point per step.</summary>
    private static void LogCurve(ActiveRun run, string key, DateTimeOffset start, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < LongPoints; i++)
        {
            var value = 2.0 * Math.Exp(-i / 25_000.0) + 0.1 * random.NextDouble() + (random.Next(5_000) == 0 ? 1.5 : 0);
            run.LogMetric(key, value, step: i, timestamp: start.AddMilliseconds(i * 20));
        }
    }
}
