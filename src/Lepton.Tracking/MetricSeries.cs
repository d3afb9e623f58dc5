namespace Lepton.Tracking;

/// <summary>
/// One metric's points for a chart: those in the asked step range, in step order, thinned when there were more than
/// asked for (<see cref="Comparison.CurveThinning.MinMaxPerBucket(IReadOnlyList{MetricPoint}, int)"/>).
/// </summary>
/// <param name="Key">The metric's name.</param>
/// <param name="Total">How many points the step range holds before thinning; more than <c>Points.Count</c> means thinned.</param>
/// <param name="Points">The points kept, in step order.</param>
public sealed record MetricSeries(string Key, int Total, IReadOnlyList<MetricPoint> Points);
