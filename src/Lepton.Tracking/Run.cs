namespace Lepton.Tracking;

/// <summary>Everything recorded about a run: its info, parameters, tags, last metric values, artifacts and datasets.</summary>
public sealed record Run(
    RunInfo Info,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, MetricPoint> LatestMetrics,
    IReadOnlyList<ArtifactEntry> Artifacts,
    IReadOnlyList<RunDataset> Datasets);
