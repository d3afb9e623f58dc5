namespace Lepton.Nn.Callbacks;

/// <summary>What a training run will do: epochs, steps per epoch, batch size and whether it validates.</summary>
public sealed record TrainingInfo(int Epochs, int StepsPerEpoch, int TrainExamples, int ValidationExamples, IReadOnlyList<string> MetricNames, int BatchSize);
