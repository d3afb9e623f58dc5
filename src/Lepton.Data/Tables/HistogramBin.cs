namespace Lepton.Data.Tables;

/// <summary>One bar of an equal-width histogram: values from <paramref name="Lower"/> up to <paramref name="Upper"/> (the last bin includes its upper edge).</summary>
/// <param name="Lower">Lower edge.</param>
/// <param name="Upper">Upper edge.</param>
/// <param name="Count">Values in the bin.</param>
public sealed record HistogramBin(double Lower, double Upper, long Count);
