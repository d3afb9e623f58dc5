namespace Lepton.Serving.Client;

/// <summary>One cumulative bucket of a Prometheus histogram: how many observations were at most <paramref name="UpperBound"/>.</summary>
/// <param name="UpperBound">The bucket's <c>le</c> (the last bucket's is +Inf).</param>
/// <param name="Count">Observations at most the bound (cumulative).</param>
public sealed record HistogramBucket(double UpperBound, double Count);
