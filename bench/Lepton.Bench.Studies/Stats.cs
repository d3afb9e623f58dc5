namespace Lepton.Bench.Studies;

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
