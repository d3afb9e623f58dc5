namespace Lepton.Serving.Client;

/// <summary>One sample of the Prometheus text format: <c>name{label="value",…} value</c>.</summary>
/// <param name="Name">The metric name, with its suffix (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>) for histograms.</param>
/// <param name="Labels">Label name → value, unescaped.</param>
/// <param name="Value">The value (may be NaN or ±infinity).</param>
/// <param name="TimestampMs">The sample's timestamp in milliseconds since the Unix epoch, when the line gives one.</param>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? TimestampMs = null)
{
    /// <summary>The value of <paramref name="label"/>, or null when the sample has no such label.</summary>
    public string? Label(string label) => Labels.TryGetValue(label, out var value) ? value : null;
}
