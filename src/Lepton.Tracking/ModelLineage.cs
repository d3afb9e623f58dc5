namespace Lepton.Tracking;

/// <summary>Where a model version came from and where it went: dataset → run → version → deployments.</summary>
public sealed record ModelLineage(ModelVersion Version, RunInfo? Run, IReadOnlyList<RunDataset> Datasets, IReadOnlyList<Deployment> Deployments);
