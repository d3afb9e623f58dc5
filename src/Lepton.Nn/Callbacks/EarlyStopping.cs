namespace Lepton.Nn.Callbacks;

/// <summary>
/// Stops training when a monitored quantity has stopped improving for <c>Patience</c> epochs. With
/// <c>RestoreBestWeights</c> the best epoch's weights are put back when training ends — whether it stopped
/// early, ran all its epochs or was cancelled (Keras restores them only when it stopped early).
/// </summary>
public sealed class EarlyStopping : Callback, IDisposable
{
    private readonly Monitor _monitor;
    private WeightSnapshot? _best;
    private int _wait;

    /// <summary>Creates the callback.</summary>
    public EarlyStopping(string monitor = "val_loss", int patience = 0, double minDelta = 0, MonitorMode mode = MonitorMode.Auto, bool restoreBestWeights = false, int startFromEpoch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(startFromEpoch);
        _monitor = new Monitor(monitor, mode, minDelta);
        Patience = patience;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
    }

    /// <summary>Epochs without improvement tolerated before stopping.</summary>
    public int Patience { get; }

    /// <summary>Whether the best weights are restored at the end of training.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Epochs to wait before watching (warm-up).</summary>
    public int StartFromEpoch { get; }

    /// <summary>The epoch (0-based) that stopped training, or null when it did not stop it.</summary>
    public int? StoppedEpoch { get; private set; }

    /// <summary>The epoch (0-based) with the best monitored value, or null before any.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>The best monitored value seen.</summary>
    public double Best => _monitor.Best;

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingInfo info)
    {
        _monitor.Reset(Model);
        _wait = 0;
        StoppedEpoch = null;
        BestEpoch = null;
        _best?.Dispose();
        _best = null;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var value = _monitor.Read(logs, nameof(EarlyStopping));
        if (epoch < StartFromEpoch) return;
        if (_monitor.Improves(value))
        {
            _wait = 0;
            BestEpoch = epoch;
            if (RestoreBestWeights)
            {
                _best?.Dispose();
                _best = WeightSnapshot.Take(Model);
            }
            return;
        }
        _wait++;
        if (_wait > Patience)
        {
            StoppedEpoch = epoch;
            Model.StopTraining = true;
        }
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> lastLogs)
    {
        if (RestoreBestWeights && _best is not null) _best.RestoreInto(Model);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _best?.Dispose();
        _best = null;
    }
}
