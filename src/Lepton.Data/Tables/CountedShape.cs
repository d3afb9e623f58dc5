namespace Lepton.Data.Tables;

/// <summary>
/// Quantiles, histogram and outlier counts of a numeric column computed from its exact value counts, which the
/// profile already has for columns with few distinct values: exact, and without another pass over the table.
/// The formulas match the SQL ones (interpolated quantiles as quantile_cont, the same bins and fences).
/// </summary>
internal static class CountedShape
{
    public static void Fill(List<(double Value, long Count)> sorted, double min, double max, double? mean, double? std, int bins,
        double[] probabilities, Dictionary<string, object?> basics, Dictionary<string, object?> shape)
    {
        var quantiles = probabilities.Select(p => Quantile(sorted, p)).ToList();
        basics["quantiles"] = quantiles;

        var binCount = max > min ? bins : 1;
        var width = (max - min) / binCount;
        var histogram = new Dictionary<int, long>();
        foreach (var (value, count) in sorted)
        {
            var bin = width > 0 ? (int)Math.Min(Math.Floor((value - min) / width), binCount - 1) : 0;
            histogram[bin] = histogram.GetValueOrDefault(bin) + count;
        }
        shape["histogram"] = histogram;

        var q1 = Quantile(sorted, 0.25);
        var q3 = Quantile(sorted, 0.75);
        var iqr = q3 - q1;
        shape["iqr"] = sorted.Where(v => v.Value < q1 - 1.5 * iqr || v.Value > q3 + 1.5 * iqr).Sum(v => v.Count);
        if (mean is { } m && std is { } s && s > 0)
            shape["z"] = sorted.Where(v => Math.Abs(v.Value - m) > 3 * s).Sum(v => v.Count);
    }

    /// <summary>The p-quantile interpolated between order statistics at (n − 1)·p, as numpy's default and quantile_cont.</summary>
    public static double Quantile(List<(double Value, long Count)> sorted, double p)
    {
        var n = sorted.Sum(v => v.Count);
        var position = (n - 1) * p;
        var lower = (long)Math.Floor(position);
        var fraction = position - lower;
        var low = At(sorted, lower);
        return fraction == 0 ? low : low + fraction * (At(sorted, lower + 1) - low);
    }

    // The value of the rank-th (0-based) smallest observation.
    private static double At(List<(double Value, long Count)> sorted, long rank)
    {
        long seen = 0;
        foreach (var (value, count) in sorted)
        {
            seen += count;
            if (rank < seen) return value;
        }
        return sorted[^1].Value;
    }
}
