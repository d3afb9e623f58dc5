namespace Lepton.Tracking.Comparison;

/// <summary>One drawn point of a metric curve.</summary>
/// <param name="X">The epoch or step, as the curves' <see cref="MetricCurves.Axis"/> says.</param>
/// <param name="Value">The metric's value there (always finite: NaN and ±∞ cannot be drawn).</param>
public readonly record struct CurvePoint(long X, double Value);
