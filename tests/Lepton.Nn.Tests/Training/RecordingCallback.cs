using Lepton.Nn.Callbacks;

namespace Lepton.Nn.Tests.Training;

/// <summary>Records every event it sees, in order.</summary>
internal sealed class RecordingCallback : Callback
{
    public List<string> Events { get; } = [];

    public Action<int>? OnBatch { get; init; }

    public override void OnTrainBegin(TrainingInfo info) => Events.Add($"train_begin epochs={info.Epochs} steps={info.StepsPerEpoch}");

    public override void OnEpochBegin(int epoch) => Events.Add($"epoch_begin {epoch}");

    public override void OnBatchEnd(int batch, BatchLogs logs)
    {
        Events.Add($"batch_end {batch}");
        OnBatch?.Invoke(batch);
    }

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => Events.Add($"epoch_end {epoch}");

    public override void OnTrainEnd(IReadOnlyDictionary<string, double> lastLogs) => Events.Add("train_end");
}
