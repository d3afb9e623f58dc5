namespace Lepton.Tracking;

/// <summary>A dataset a run used, and what for (<c>train</c>, <c>validation</c>, <c>test</c>).</summary>
public sealed record RunDataset(DatasetFingerprint Dataset, string Context);
