namespace Lepton.Tracking.Comparison;

/// <summary>
/// Thins a curve for display without losing what the eye looks for: its ends, spikes and extremes. The comparison's
/// curves and the tracking server's metric histories (<c>maxPoints</c>) are thinned by it.
/// </summary>
public static class CurveThinning
{
    /// <summary>
    /// At most <paramref name="maxPoints"/> of <paramref name="points"/>, in their order: the first and last, and from
    /// each of <c>(maxPoints - 2) / 2</c> buckets of consecutive points in between, the lowest and the highest. Unlike
    /// largest-triangle-three-buckets, which may drop a spike that sits beside another, this always keeps every
    /// bucket's extremes, so the curve's minimum and maximum (often the best value) survive.
    /// </summary>
    /// <param name="points">The curve, in order.</param>
    /// <param name="maxPoints">The most points to keep; at least 4 (the ends and one bucket's two extremes).</param>
    public static IReadOnlyList<CurvePoint> MinMaxPerBucket(IReadOnlyList<CurvePoint> points, int maxPoints) =>
        MinMaxPerBucket(points, maxPoints, p => p.Value);

    /// <summary>
    /// A metric's history thinned as <see cref="MinMaxPerBucket(IReadOnlyList{CurvePoint}, int)"/> does. A bucket's
    /// extremes are chosen among its finite values (NaN and ±∞ cannot be drawn); a bucket with none keeps its first
    /// point, so a diverged stretch still shows.
    /// </summary>
    /// <param name="points">The history, in step order.</param>
    /// <param name="maxPoints">The most points to keep; at least 4.</param>
    public static IReadOnlyList<MetricPoint> MinMaxPerBucket(IReadOnlyList<MetricPoint> points, int maxPoints) =>
        MinMaxPerBucket(points, maxPoints, p => p.Value);

    private static IReadOnlyList<T> MinMaxPerBucket<T>(IReadOnlyList<T> points, int maxPoints, Func<T, double> value)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        if (points.Count <= maxPoints) return points;
        var values = new double[points.Count];
        for (var i = 0; i < values.Length; i++) values[i] = value(points[i]);
        var kept = KeptIndices(values, maxPoints);
        var thinned = new List<T>(kept.Count);
        foreach (var i in kept) thinned.Add(points[i]);
        return thinned;
    }

    /// <summary>
    /// The positions <see cref="MinMaxPerBucket(IReadOnlyList{MetricPoint}, int)"/> keeps of a curve with these values,
    /// ascending: the stores thin columns of values read from the database and build only the points kept.
    /// </summary>
    internal static List<int> KeptIndices(ReadOnlySpan<double> values, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        var count = values.Length;
        var kept = new List<int>(Math.Min(count, maxPoints));
        if (count <= maxPoints)
        {
            for (var i = 0; i < count; i++) kept.Add(i);
            return kept;
        }

        var inner = count - 2;
        var buckets = (maxPoints - 2) / 2;
        kept.Add(0);
        for (var b = 0; b < buckets; b++)
        {
            // Bucket b holds inner points [start, end): equal counts, the remainder spread over them.
            var start = 1 + (int)((long)b * inner / buckets);
            var end = 1 + (int)((long)(b + 1) * inner / buckets);
            int low = -1, high = -1;
            for (var i = start; i < end; i++)
            {
                var v = values[i];
                if (!double.IsFinite(v)) continue;
                if (low < 0 || v < values[low]) low = i;
                if (high < 0 || v > values[high]) high = i;
            }

            if (low < 0)
            {
                kept.Add(start);
                continue;
            }
            kept.Add(Math.Min(low, high));
            if (low != high) kept.Add(Math.Max(low, high));
        }

        kept.Add(count - 1);
        return kept;
    }
}
