namespace Lepton.Tracking.Comparison;

/// <summary>
/// Every compared run's history of one metric on one x axis: what one chart shows. Long histories are thinned for
/// display by keeping, in each of up to <c>maxPoints / 2</c> buckets of consecutive points, the lowest and the
/// highest value (min/max per bucket, in x order), plus the first and last point: a 100,000-step curve becomes at
/// most <c>maxPoints</c> points and still shows its spikes and its best value.
/// </summary>
/// <param name="Metric">The metric's name.</param>
/// <param name="Direction">Which way it improves (as in <see cref="MetricRow.Direction"/>).</param>
/// <param name="Axis">What x counts: epochs when every run logged the metric once per epoch, else steps.</param>
/// <param name="Series">One curve per run that has the metric, in the comparison's run order.</param>
public sealed record MetricCurves(string Metric, MetricDirection Direction, CurveAxis Axis, IReadOnlyList<RunCurve> Series)
{
    /// <summary>The points per curve a chart gets unless asked otherwise: more than a chart's width in pixels.</summary>
    public const int DefaultMaxPoints = 1000;

    /// <summary>The fewest points a curve may be thinned to: the first, the last, and one bucket's low and high.</summary>
    public const int MinimumPoints = 4;

    /// <summary>Builds the curves of <paramref name="metric"/> from each run's stored history.</summary>
    /// <param name="metric">The metric's name.</param>
    /// <param name="direction">Which way it improves.</param>
    /// <param name="histories">Each run's id and stored points (step order); runs without points are left out.</param>
    /// <param name="maxPoints">The most points per run to keep (at least <see cref="MinimumPoints"/>).</param>
    internal static MetricCurves Create(string metric, MetricDirection direction, IReadOnlyList<(string RunId, IReadOnlyList<MetricPoint> Points)> histories, int maxPoints = DefaultMaxPoints)
    {
        ArgumentException.ThrowIfNullOrEmpty(metric);
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, MinimumPoints);
        var present = histories.Where(h => h.Points.Count > 0).ToList();
        var axis = present.Count > 0 && present.All(h => OncePerEpoch(h.Points)) ? CurveAxis.Epoch : CurveAxis.Step;
        var series = present.Select(h => new RunCurve(h.RunId, h.Points.Count, CurveThinning.MinMaxPerBucket(
                h.Points.Where(p => double.IsFinite(p.Value)).Select(p => new CurvePoint(axis == CurveAxis.Epoch ? p.Epoch!.Value : p.Step, p.Value)).ToList(),
                maxPoints)))
            .ToList();
        return new MetricCurves(metric, direction, axis, series);
    }

    /// <summary>Whether every point has an epoch and the epochs increase (one value per epoch).</summary>
    private static bool OncePerEpoch(IReadOnlyList<MetricPoint> points)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Epoch is not { } epoch) return false;
            if (i > 0 && epoch <= points[i - 1].Epoch) return false;
        }

        return true;
    }
}
