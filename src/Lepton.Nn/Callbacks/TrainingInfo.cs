namespace Lepton.Nn.Callbacks;

/// <summary>What a training run will do: epochs, steps per epoch, batch size and whether it validates.</summary>
public sealed record TrainingInfo(int Epochs, int StepsPerEpoch, int TrainExamples, int ValidationExamples, IReadOnlyList<string> MetricNames, int BatchSize)
{
    /// <summary>Which examples validate, in words (the last ones, random ones, or random ones per class, or validationData); null without validation.</summary>
    public string? Validation { get; init; }
}
