namespace Lepton.Tracking.Comparison;

/// <summary>Thins a curve for display without losing what the eye looks for: its ends, spikes and extremes.</summary>
internal static class CurveThinning
{
    /// <summary>
    /// At most <paramref name="maxPoints"/> of <paramref name="points"/>, in their order: the first and last, and from
    /// each of <c>(maxPoints - 2) / 2</c> buckets of consecutive points in between, the lowest and the highest. Unlike
    /// largest-triangle-three-buckets, which may drop a spike that sits beside another, this always keeps every
    /// bucket's extremes, so the curve's minimum and maximum (often the best value) survive.
    /// </summary>
    public static IReadOnlyList<CurvePoint> MinMaxPerBucket(IReadOnlyList<CurvePoint> points, int maxPoints)
    {
        if (points.Count <= maxPoints) return points;
        var inner = points.Count - 2;
        var buckets = (maxPoints - 2) / 2;
        var kept = new List<CurvePoint>(maxPoints) { points[0] };
        for (var b = 0; b < buckets; b++)
        {
            // Bucket b holds inner points [start, end): equal counts, the remainder spread over them.
            var start = 1 + (int)((long)b * inner / buckets);
            var end = 1 + (int)((long)(b + 1) * inner / buckets);
            int low = start, high = start;
            for (var i = start + 1; i < end; i++)
            {
                if (points[i].Value < points[low].Value) low = i;
                if (points[i].Value > points[high].Value) high = i;
            }

            kept.Add(points[Math.Min(low, high)]);
            if (low != high) kept.Add(points[Math.Max(low, high)]);
        }

        kept.Add(points[^1]);
        return kept;
    }
}
