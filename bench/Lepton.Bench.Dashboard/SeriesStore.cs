using Lepton.Bench.Dashboard.Client;
using Lepton.Tracking;
using Lepton.Tracking.Comparison;

namespace Lepton.Bench.Dashboard;

/// <summary>
/// Ten deterministic training-loss-like histories of 100,000 steps each, held as the tracking store hands them out
/// (<see cref="MetricPoint"/>s), thinned per request by Lepton's <see cref="CurveThinning.MinMaxPerBucket(IReadOnlyList{MetricPoint}, int)"/>.
/// </summary>
internal sealed class SeriesStore : ISeriesSource
{
    public const int Metrics = 10;
    public const int Steps = 100_000;

    private readonly MetricPoint[][] histories = Enumerable.Range(0, Metrics).Select(History).ToArray();

    public Series Get(int metric, int maxPoints)
    {
        var history = histories[metric];
        IReadOnlyList<MetricPoint> points = maxPoints > 0 ? CurveThinning.MinMaxPerBucket(history, maxPoints) : history;
        var steps = new long[points.Count];
        var values = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            steps[i] = points[i].Step;
            values[i] = points[i].Value;
        }
        return new Series(steps, values);
    }

    public Task<Series> GetAsync(int metric, int maxPoints, CancellationToken cancellationToken) =>
        Task.FromResult(Get(metric, maxPoints));

    /// <summary>Exponential decay to a floor, multiplicative noise, a few spikes: what a loss curve looks like.</summary>
    private static MetricPoint[] History(int metric)
    {
        var random = new Random(1000 + metric);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var key = $"loss_{metric}";
        var floor = 0.05 + 0.02 * metric;
        var rate = 8_000.0 + 2_000 * metric;
        var points = new MetricPoint[Steps];
        for (var step = 0; step < Steps; step++)
        {
            var clean = floor + 2.3 * Math.Exp(-step / rate);
            var noise = 1 + 0.08 * Gaussian(random);
            var spike = random.NextDouble() < 0.0005 ? 1.5 + random.NextDouble() : 1;
            points[step] = new MetricPoint(key, clean * noise * spike, step, step / 1_000 + 1, start.AddMilliseconds(50.0 * step));
        }
        return points;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
