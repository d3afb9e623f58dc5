namespace Lepton.Tracking;

/// <summary>Parameters, tags and metric points written to a run in one transaction.</summary>
public sealed record RunBatch(
    IReadOnlyDictionary<string, string>? Params = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    IReadOnlyList<MetricPoint>? Metrics = null)
{
    /// <summary>True when there is nothing to write.</summary>
    public bool IsEmpty => (Params?.Count ?? 0) == 0 && (Tags?.Count ?? 0) == 0 && (Metrics?.Count ?? 0) == 0;
}
