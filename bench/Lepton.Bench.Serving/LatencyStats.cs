namespace Lepton.Bench.Serving;

/// <summary>Throughput and latency percentiles of one load level.</summary>
internal sealed record LatencyStats(int Concurrency, long Requests, long Failures, double SamplesPerSecond, double P50Ms, double P95Ms, double P99Ms)
{
    public static LatencyStats From(int concurrency, List<double> latenciesMs, long failures, double seconds)
    {
        latenciesMs.Sort();
        double Percentile(double p) => latenciesMs.Count == 0 ? double.NaN : latenciesMs[Math.Min(latenciesMs.Count - 1, (int)Math.Ceiling(p * latenciesMs.Count) - 1)];
        return new LatencyStats(concurrency, latenciesMs.Count, failures, latenciesMs.Count / seconds, Percentile(0.50), Percentile(0.95), Percentile(0.99));
    }
}
