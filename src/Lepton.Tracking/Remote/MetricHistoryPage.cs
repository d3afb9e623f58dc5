namespace Lepton.Tracking.Remote;

/// <summary>One page of a metric's history: <paramref name="Total"/> points in all, these from <paramref name="Offset"/>.</summary>
public sealed record MetricHistoryPage(string Key, int Total, int Offset, IReadOnlyList<MetricPoint> Points);
