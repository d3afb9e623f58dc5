using System.Globalization;

namespace Lepton.Serving.Client;

/// <summary>
/// One reading of a Lepton server's <c>GET /metrics</c>, parsed: every sample, and per model and version the request
/// counts by status code, the error counts by reason, and the request-duration and batch-size histograms.
/// </summary>
public sealed class ServingMetricsSnapshot
{
    /// <summary>A snapshot of <paramref name="samples"/> read at <paramref name="takenAt"/>.</summary>
    public ServingMetricsSnapshot(IReadOnlyList<MetricSample> samples, DateTimeOffset takenAt)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Samples = samples;
        TakenAt = takenAt;
    }

    /// <summary>Every sample, in the order the server wrote them.</summary>
    public IReadOnlyList<MetricSample> Samples { get; }

    /// <summary>When the metrics were read.</summary>
    public DateTimeOffset TakenAt { get; }

    /// <summary>Parses the Prometheus text format; a <see cref="FormatException"/> names the first line that breaks it.</summary>
    public static ServingMetricsSnapshot Parse(string text, DateTimeOffset takenAt) => new(PrometheusText.Parse(text), takenAt);

    /// <summary>The (model, version) pairs that have request counts or a request-duration histogram, ordered.</summary>
    public IReadOnlyList<(string Model, string Version)> Versions =>
        Samples.Where(s => s.Name == ServingMetricNames.Requests || s.Name == ServingMetricNames.RequestDuration + "_count")
            .Select(s => (Model: s.Label(ServingMetricNames.ModelLabel) ?? "", Version: s.Label(ServingMetricNames.VersionLabel) ?? ""))
            .Distinct().OrderBy(v => v.Model, StringComparer.Ordinal).ThenBy(v => v.Version, StringComparer.Ordinal).ToList();

    /// <summary>Requests answered by <paramref name="model"/> <paramref name="version"/>, by HTTP status code (<c>"200"</c>, <c>"400"</c>, …).</summary>
    public IReadOnlyDictionary<string, double> RequestsByCode(string model, string version) => CountsBy(ServingMetricNames.Requests, ServingMetricNames.CodeLabel, model, version);

    /// <summary>Error answers of <paramref name="model"/> <paramref name="version"/>, by reason (<c>invalid_input</c>, <c>queue_full</c>, …).</summary>
    public IReadOnlyDictionary<string, double> ErrorsByReason(string model, string version) => CountsBy(ServingMetricNames.Errors, ServingMetricNames.ReasonLabel, model, version);

    /// <summary>The time from receiving a request to answering it, in seconds.</summary>
    public MetricHistogram RequestDuration(string model, string version) => Histogram(ServingMetricNames.RequestDuration, model, version);

    /// <summary>Samples per forward pass.</summary>
    public MetricHistogram BatchSize(string model, string version) => Histogram(ServingMetricNames.BatchSize, model, version);

    /// <summary>The histogram <paramref name="name"/> (without its <c>_bucket</c>/<c>_sum</c>/<c>_count</c> suffix) of one model version; empty when absent.</summary>
    public MetricHistogram Histogram(string name, string model, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var series = Of(model, version).ToList();
        var buckets = new List<HistogramBucket>();
        foreach (var sample in series.Where(s => s.Name == name + "_bucket"))
        {
            if (sample.Label("le") is not { } le) throw new FormatException($"A bucket of {name} has no 'le' label.");
            buckets.Add(new HistogramBucket(Bound(le, name), sample.Value));
        }
        var sum = series.FirstOrDefault(s => s.Name == name + "_sum")?.Value;
        var count = series.FirstOrDefault(s => s.Name == name + "_count")?.Value;
        if (buckets.Count == 0 && sum is null && count is null) return MetricHistogram.Empty;
        return new MetricHistogram(buckets.OrderBy(b => b.UpperBound).ToList(), sum ?? 0, count ?? buckets.LastOrDefault()?.Count ?? 0);
    }

    private static double Bound(string le, string name) => le switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        _ when double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound) && !double.IsNaN(bound) => bound,
        _ => throw new FormatException($"A bucket of {name} has le=\"{le}\", which is not a bound."),
    };

    private Dictionary<string, double> CountsBy(string name, string label, string model, string version)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var sample in Of(model, version).Where(s => s.Name == name))
        {
            var key = sample.Label(label) ?? "";
            counts[key] = counts.GetValueOrDefault(key) + sample.Value;
        }
        return counts;
    }

    private IEnumerable<MetricSample> Of(string model, string version)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(version);
        return Samples.Where(s => (s.Label(ServingMetricNames.ModelLabel) ?? "") == model && (s.Label(ServingMetricNames.VersionLabel) ?? "") == version);
    }
}
