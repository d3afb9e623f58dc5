namespace Lepton.Bench.Web;

/// <summary>Median, 95th percentile and extremes of a sample, in milliseconds.</summary>
internal sealed record Timings(double Median, double P95, double Min, double Max, int Count)
{
    public static Timings Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new Timings(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return new Timings(median, At(0.95), sorted[0], sorted[^1], sorted.Length);
    }
}
