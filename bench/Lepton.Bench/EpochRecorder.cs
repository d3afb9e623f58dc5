using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Nn.Callbacks;

namespace Lepton.Bench;

/// <summary>
/// Records each epoch's training and test figures and how long training and the test evaluation took, and
/// prints a line per epoch. It only reads the logs: nothing here selects weights by the test set.
/// </summary>
internal sealed class EpochRecorder : Callback
{
    private readonly Stopwatch _clock = new();
    private int _stepsPerEpoch;
    private double _trainSeconds;

    public JsonArray Epochs { get; } = [];

    public override void OnTrainBegin(TrainingInfo info) => _stepsPerEpoch = info.StepsPerEpoch;

    public override void OnEpochBegin(int epoch)
    {
        _trainSeconds = double.NaN;
        _clock.Restart();
    }

    public override void OnBatchEnd(int batch, BatchLogs logs)
    {
        // The last batch ends the training part; what follows before OnEpochEnd is the test evaluation.
        if (batch == _stepsPerEpoch - 1) _trainSeconds = _clock.Elapsed.TotalSeconds;
    }

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var total = _clock.Elapsed.TotalSeconds;
        var entry = new JsonObject
        {
            ["epoch"] = epoch + 1,
            ["train_loss"] = Round(logs, "loss"),
            ["train_accuracy"] = Round(logs, "accuracy"),
            ["test_loss"] = Round(logs, "val_loss"),
            ["test_accuracy"] = Round(logs, "val_accuracy"),
            ["learning_rate"] = logs.TryGetValue("learning_rate", out var lr) ? lr : null,
            ["train_seconds"] = Math.Round(_trainSeconds, 2),
            ["test_seconds"] = Math.Round(total - _trainSeconds, 2),
        };
        Epochs.Add(entry);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  epoch {epoch + 1}: loss {logs["loss"]:0.0000}  accuracy {logs["accuracy"]:0.0000}  test loss {logs["val_loss"]:0.0000}  test accuracy {logs["val_accuracy"]:0.0000}  ({_trainSeconds:0.0}s training + {total - _trainSeconds:0.0}s test)"));
    }

    private static double? Round(IReadOnlyDictionary<string, double> logs, string key) =>
        logs.TryGetValue(key, out var value) ? Math.Round(value, 5) : null;
}
