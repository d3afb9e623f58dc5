namespace Lepton.Bench.Dashboard;

/// <summary>Median, 95th percentile (nearest rank), min and max of a sample.</summary>
internal sealed record Stats(int N, double Median, double P95, double Min, double Max)
{
    public static Stats Of(IEnumerable<double> sample)
    {
        var sorted = sample.Order().ToArray();
        if (sorted.Length == 0) return new Stats(0, double.NaN, double.NaN, double.NaN, double.NaN);
        var median = sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        var p95 = sorted[Math.Max(0, (int)Math.Ceiling(0.95 * sorted.Length) - 1)];
        return new Stats(sorted.Length, Math.Round(median, 1), Math.Round(p95, 1), Math.Round(sorted[0], 1), Math.Round(sorted[^1], 1));
    }
}
