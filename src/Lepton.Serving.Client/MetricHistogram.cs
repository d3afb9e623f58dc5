namespace Lepton.Serving.Client;

/// <summary>A Prometheus histogram of one series: cumulative buckets in increasing bound order (the last +Inf), the sum and the count of observations.</summary>
/// <param name="Buckets">The cumulative buckets, by increasing upper bound.</param>
/// <param name="Sum">The sum of the observations.</param>
/// <param name="Count">How many observations there were.</param>
public sealed record MetricHistogram(IReadOnlyList<HistogramBucket> Buckets, double Sum, double Count)
{
    /// <summary>A histogram with no observations and no buckets.</summary>
    public static MetricHistogram Empty { get; } = new([], 0, 0);

    /// <summary>The mean observation, or null with none.</summary>
    public double? Mean => Count > 0 ? Sum / Count : null;

    /// <summary>
    /// The <paramref name="q"/>-quantile as Prometheus's <c>histogram_quantile</c> estimates it: the bucket where the
    /// rank falls, and linear interpolation within it (from 0 for the first bucket); the highest finite bound when it
    /// falls in the +Inf bucket. NaN with no observations or without a +Inf bucket; -Inf below q = 0, +Inf above q = 1.
    /// </summary>
    public double Quantile(double q)
    {
        if (double.IsNaN(q)) return double.NaN;
        if (q < 0) return double.NegativeInfinity;
        if (q > 1) return double.PositiveInfinity;
        if (Buckets.Count < 2 || !double.IsPositiveInfinity(Buckets[^1].UpperBound)) return double.NaN;
        var observations = Buckets[^1].Count;
        if (!(observations > 0)) return double.NaN;
        var rank = q * observations;
        var b = 0;
        while (b < Buckets.Count - 1 && Buckets[b].Count < rank) b++;
        if (b == Buckets.Count - 1) return Buckets[^2].UpperBound;
        if (b == 0 && Buckets[0].UpperBound <= 0) return Buckets[0].UpperBound;
        var start = b == 0 ? 0 : Buckets[b - 1].UpperBound;
        var end = Buckets[b].UpperBound;
        var count = Buckets[b].Count - (b == 0 ? 0 : Buckets[b - 1].Count);
        rank -= b == 0 ? 0 : Buckets[b - 1].Count;
        return count > 0 ? start + (end - start) * (rank / count) : start;
    }

    /// <summary>
    /// What was observed since <paramref name="earlier"/>, a reading of the same series: bucket by bucket, the sum and
    /// the count, each the later value minus the earlier. A counter that went down (the server restarted) counts from 0.
    /// </summary>
    public MetricHistogram Since(MetricHistogram earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var reset = Count < earlier.Count;
        if (reset) return this;
        var before = earlier.Buckets.ToDictionary(b => b.UpperBound, b => b.Count);
        var buckets = Buckets.Select(b => new HistogramBucket(b.UpperBound, Math.Max(0, b.Count - before.GetValueOrDefault(b.UpperBound)))).ToList();
        return new MetricHistogram(buckets, Sum - earlier.Sum, Count - earlier.Count);
    }
}
