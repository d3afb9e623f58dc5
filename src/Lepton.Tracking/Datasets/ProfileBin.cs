namespace Lepton.Tracking.Datasets;

/// <summary>One bar of a profiled column's histogram: values from <paramref name="Lower"/> up to <paramref name="Upper"/>.</summary>
/// <param name="Lower">Lower edge.</param>
/// <param name="Upper">Upper edge (the last bar includes it).</param>
/// <param name="Count">Values in the bar.</param>
public sealed record ProfileBin(double Lower, double Upper, long Count);
