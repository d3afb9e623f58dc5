namespace Lepton.Tracking;

/// <summary>Everything recorded about a run: its info, parameters, tags, last metric values, artifacts and datasets.</summary>
public sealed record Run(
    RunInfo Info,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, MetricPoint> LatestMetrics,
    IReadOnlyList<ArtifactEntry> Artifacts,
    IReadOnlyList<RunDataset> Datasets)
{
    /// <summary>
    /// Which way <paramref name="metric"/> improves: as the run recorded it (<see cref="ActiveRun.SetMetricDirection"/>;
    /// autologged runs record every metric), else as its name suggests (<see cref="MetricDirections.FromName"/>).
    /// </summary>
    public MetricDirection DirectionOf(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return MetricDirectionTag.Recorded(this, metric) ?? MetricDirections.FromName(metric);
    }
}
