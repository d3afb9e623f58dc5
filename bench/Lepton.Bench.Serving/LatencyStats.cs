namespace Lepton.Bench.Serving;

/// <summary>Throughput and latency percentiles of one load level (every request carries one sample).</summary>
internal sealed record LatencyStats(int Concurrency, long Requests, long Failures, double SamplesPerSecond, double P50Ms, double P95Ms, double P99Ms, double MaxMs);
