namespace Lepton.Tracking.Datasets;

/// <summary>A run that used a dataset, and for what.</summary>
/// <param name="RunId">The run.</param>
/// <param name="RunName">Its name.</param>
/// <param name="Experiment">Its experiment.</param>
/// <param name="Context">What the run used the dataset for (train, validation, evaluation, …).</param>
/// <param name="StartTime">When the run started.</param>
public sealed record DatasetUse(string RunId, string RunName, string Experiment, string Context, DateTimeOffset StartTime);
