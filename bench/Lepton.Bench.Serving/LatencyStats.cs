namespace Lepton.Bench.Serving;

/// <summary>
/// Throughput and latency percentiles of one load level (every request carries one sample). <see cref="LatencySource"/>
/// says how the percentiles were taken; where they are per request, <see cref="WrkP99Ms"/> is wrk's corrected p99 beside them.
/// </summary>
internal sealed record LatencyStats(int Concurrency, long Requests, long Failures, double SamplesPerSecond, double P50Ms, double P95Ms, double P99Ms, double MaxMs,
    string LatencySource, double? WrkP99Ms);
