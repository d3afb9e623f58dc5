namespace Lepton.Serving.Client;

/// <summary>
/// What one model version did between two readings of a server's metrics: requests and errors per second, the error
/// ratio, latency percentiles and the mean batch size. What nothing was observed for is null.
/// </summary>
/// <param name="Model">The model (<c>_unknown</c> for requests naming no loaded model).</param>
/// <param name="Version">The version (empty for requests no version answered).</param>
/// <param name="RequestsPerSecond">Requests answered per second, every status code.</param>
/// <param name="ErrorsPerSecond">Error answers per second.</param>
/// <param name="ErrorRatio">Errors per request answered, 0–1; null with no requests.</param>
/// <param name="LatencyP50">Median time to answer, seconds (histogram_quantile's estimate); null with no requests.</param>
/// <param name="LatencyP95">95th percentile, seconds.</param>
/// <param name="LatencyP99">99th percentile, seconds.</param>
/// <param name="MeanBatchSize">Samples per forward pass on average; null with no forward pass.</param>
public sealed record ServingRates(
    string Model,
    string Version,
    double RequestsPerSecond,
    double ErrorsPerSecond,
    double? ErrorRatio,
    double? LatencyP50,
    double? LatencyP95,
    double? LatencyP99,
    double? MeanBatchSize)
{
    /// <summary>The rates of every model version of <paramref name="later"/>, from the difference with <paramref name="earlier"/> over the time between them.</summary>
    public static IReadOnlyList<ServingRates> Between(ServingMetricsSnapshot earlier, ServingMetricsSnapshot later)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        return Between(earlier, later, (later.TakenAt - earlier.TakenAt).TotalSeconds);
    }

    /// <summary>
    /// The rates of every model version of <paramref name="later"/>, from the difference with <paramref name="earlier"/>
    /// (read <paramref name="seconds"/> before it). A counter that went down (the server restarted) counts from 0.
    /// </summary>
    public static IReadOnlyList<ServingRates> Between(ServingMetricsSnapshot earlier, ServingMetricsSnapshot later, double seconds)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        if (!(seconds > 0) || double.IsInfinity(seconds))
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The readings must be a positive, finite number of seconds apart.");
        return later.Versions.Select(v =>
        {
            var requests = Increase(later.RequestsByCode(v.Model, v.Version), earlier.RequestsByCode(v.Model, v.Version));
            var errors = Increase(later.ErrorsByReason(v.Model, v.Version), earlier.ErrorsByReason(v.Model, v.Version));
            var latency = later.RequestDuration(v.Model, v.Version).Since(earlier.RequestDuration(v.Model, v.Version));
            var batches = later.BatchSize(v.Model, v.Version).Since(earlier.BatchSize(v.Model, v.Version));
            double? Percentile(double q) => latency.Count > 0 && latency.Quantile(q) is var value && !double.IsNaN(value) ? value : null;
            return new ServingRates(v.Model, v.Version, requests / seconds, errors / seconds, requests > 0 ? Math.Min(1, errors / requests) : null,
                Percentile(0.5), Percentile(0.95), Percentile(0.99), batches.Mean);
        }).ToList();
    }

    private static double Increase(IReadOnlyDictionary<string, double> later, IReadOnlyDictionary<string, double> earlier) =>
        later.Sum(c => c.Value >= earlier.GetValueOrDefault(c.Key) ? c.Value - earlier.GetValueOrDefault(c.Key) : c.Value);
}
