namespace Lepton.Nn.Callbacks;

/// <summary>Multiplies the learning rate by <c>Factor</c> when a monitored quantity has stalled for <c>Patience</c> epochs.</summary>
public sealed class ReduceLROnPlateau : Callback
{
    private readonly Monitor _monitor;
    private int _wait;
    private int _cooldownLeft;

    /// <summary>Creates the callback.</summary>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, double minDelta = 1e-4, int cooldown = 0, double minLearningRate = 0, MonitorMode mode = MonitorMode.Auto)
    {
        if (factor is <= 0 or >= 1 || double.IsNaN(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must lie strictly between 0 and 1.");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        ArgumentOutOfRangeException.ThrowIfNegative(minLearningRate);
        _monitor = new Monitor(monitor, mode, minDelta);
        Factor = factor;
        Patience = patience;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
    }

    /// <summary>The factor applied to the learning rate.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement before reducing.</summary>
    public int Patience { get; }

    /// <summary>Epochs to wait after a reduction before watching again.</summary>
    public int Cooldown { get; }

    /// <summary>The floor for the learning rate.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingInfo info)
    {
        _monitor.Reset(Model);
        _wait = 0;
        _cooldownLeft = 0;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var value = _monitor.Read(logs, nameof(ReduceLROnPlateau));
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _wait = 0;
        }
        if (_monitor.Improves(value))
        {
            _wait = 0;
            return;
        }
        if (_cooldownLeft > 0 || ++_wait < Patience) return;
        var optimizer = Model.Compiled!.Optimizer;
        var reduced = Math.Max(optimizer.LearningRate * Factor, MinLearningRate);
        if (reduced < optimizer.LearningRate && reduced > 0) optimizer.LearningRate = reduced;
        _cooldownLeft = Cooldown;
        _wait = 0;
    }
}
