using System.Globalization;
using Lepton.Nn.Callbacks;
using Monitor = Lepton.Nn.Callbacks.Monitor;

namespace Lepton.Tracking;

/// <summary>
/// Records a <c>Fit</c> into a run: the training parameters (optimizer and its settings, loss, epochs, batch
/// size, model size) when training begins, every epoch's loss and metrics, the best checkpoint by the monitored
/// quantity, and the final model file. Each metric's direction is recorded once as the tag
/// <c>lepton.metric.{metric}.direction</c> (<see cref="ActiveRun.SetMetricDirection"/>), taken from the compiled
/// metric as Fit's callbacks take it (<see cref="Nn.Callbacks.Monitor.DirectionOf"/>). Get one from <see cref="ActiveRunExtensions.Autolog"/>.
/// </summary>
public sealed class TrackingCallback : Callback
{
    private readonly ActiveRun _run;
    private readonly string? _monitorName;
    private readonly bool _logModel;
    private readonly string _folder;
    private readonly HashSet<string> _directed = new(StringComparer.Ordinal);
    private Monitor? _monitor;
    private long _steps;
    private int _bestEpoch;

    internal TrackingCallback(ActiveRun run, string? monitor, bool logModel)
    {
        _run = run;
        _monitorName = monitor;
        _logModel = logModel;
        _folder = Path.GetTempPath();
    }

    /// <summary>The quantity the best checkpoint is chosen by (<c>val_loss</c> when validating, else <c>loss</c>).</summary>
    public string? Monitor => _monitor?.Name;

    /// <summary>The 1-based epoch of the best checkpoint, or 0 before one.</summary>
    public int BestEpoch => _bestEpoch;

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        _steps = 0;
        _bestEpoch = 0;
        _directed.Clear();
        _monitor = new Monitor(_monitorName ?? (info.ValidationExamples > 0 ? "val_loss" : "loss"), MonitorMode.Auto, 0);
        var compiled = Model.Compiled;
        var parameters = new Dictionary<string, object?>
        {
            ["epochs"] = info.Epochs,
            ["batch_size"] = info.BatchSize,
            ["steps_per_epoch"] = info.StepsPerEpoch,
            ["train_examples"] = info.TrainExamples,
            ["validation_examples"] = info.ValidationExamples,
            ["model"] = Model.Name,
            ["total_params"] = Model.CountParameters(),
            ["trainable_params"] = Model.CountParameters(trainableOnly: true),
        };
        if (compiled is not null)
        {
            parameters["optimizer"] = compiled.Optimizer.Name;
            foreach (var (key, value) in compiled.Optimizer.Describe())
            {
                if (key != "name") parameters["optimizer." + key] = value;
            }

            parameters["loss"] = compiled.Loss.Name;
            parameters["metrics"] = string.Join(",", compiled.Metrics.Select(m => m.Name));
        }

        _run.LogParams(parameters);
        _run.SetTag("lepton.monitor", _monitor.Name);
    }

    /// <inheritdoc />
    public override void OnBatchEnd(int batch, BatchLogs logs) => _steps++;

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var now = DateTimeOffset.UtcNow;
        foreach (var (key, value) in logs) Log(key, value, epoch, now);
        if (Model.Compiled is { } compiled) Log("learning_rate", compiled.Optimizer.LearningRate, epoch, now);
        if (!_logModel || _monitor is null || !_monitor.Improves(_monitor.Read(logs, nameof(TrackingCallback)))) return;

        // Recorded as it is written, so a run killed later keeps its best checkpoint. A file of its own each time:
        // the upload reads it in the background while training goes on.
        _bestEpoch = epoch + 1;
        var best = Path.Combine(_folder, $"lepton-{_run.RunId}-best-{Guid.NewGuid():N}.lepton");
        Model.Save(best);
        _run.QueueArtifact(best, "checkpoints/best.lepton", deleteAfter: true);
        _run.SetTag("lepton.best_epoch", _bestEpoch.ToString(CultureInfo.InvariantCulture));
        _run.SetTag("lepton.best_" + _monitor.Name, _monitor.Best.ToString("R", CultureInfo.InvariantCulture));
    }

    private void Log(string key, double value, int epoch, DateTimeOffset now)
    {
        _run.LogMetric(key, value, _steps, epoch + 1, now);
        if (_directed.Add(key)) _run.SetMetricDirection(key, Nn.Callbacks.Monitor.DirectionOf(key, Model));
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> lastLogs)
    {
        if (!_logModel) return;
        var final = Path.Combine(_folder, $"lepton-{_run.RunId}-model-{Guid.NewGuid():N}.lepton");
        Model.Save(final);
        _run.QueueArtifact(final, "model.lepton", deleteAfter: true);
    }
}
