namespace Lepton.Tracking.Datasets;

/// <summary>A dataset recorded by runs, as a list of datasets shows it.</summary>
/// <param name="Dataset">Its name, content hash, rows and schema as first recorded.</param>
/// <param name="Runs">How many runs used it.</param>
/// <param name="LastUsed">When the newest of those runs started.</param>
/// <param name="HasProfile">Whether a <see cref="DatasetProfile"/> was recorded with it.</param>
public sealed record RecordedDataset(DatasetFingerprint Dataset, int Runs, DateTimeOffset LastUsed, bool HasProfile);
