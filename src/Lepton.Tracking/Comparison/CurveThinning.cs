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
        var inner = points.Count - 2;
        var buckets = (maxPoints - 2) / 2;
        var kept = new List<T>(maxPoints) { points[0] };
        for (var b = 0; b < buckets; b++)
        {
            // Bucket b holds inner points [start, end): equal counts, the remainder spread over them.
            var start = 1 + (int)((long)b * inner / buckets);
            var end = 1 + (int)((long)(b + 1) * inner / buckets);
            int low = -1, high = -1;
            for (var i = start; i < end; i++)
            {
                var v = value(points[i]);
                if (!double.IsFinite(v)) continue;
                if (low < 0 || v < value(points[low])) low = i;
                if (high < 0 || v > value(points[high])) high = i;
            }

            if (low < 0)
            {
                kept.Add(points[start]);
                continue;
            }
            kept.Add(points[Math.Min(low, high)]);
            if (low != high) kept.Add(points[Math.Max(low, high)]);
        }

        kept.Add(points[^1]);
        return kept;
    }
}
