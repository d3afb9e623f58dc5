namespace Lepton.Tracking.Comparison;

/// <summary>One run's history of one metric, thinned for display.</summary>
/// <param name="RunId">The run.</param>
/// <param name="StoredPoints">How many points the run stored for the metric, NaN and ±∞ included.</param>
/// <param name="Points">The finite points to draw, in x order: all of them, or at most the asked-for number, thinned as <see cref="MetricCurves"/> describes.</param>
public sealed record RunCurve(string RunId, int StoredPoints, IReadOnlyList<CurvePoint> Points);
