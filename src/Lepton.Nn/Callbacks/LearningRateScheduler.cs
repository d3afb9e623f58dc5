namespace Lepton.Nn.Callbacks;

/// <summary>Sets the learning rate at the start of each epoch from a function of the epoch (0-based) and the current rate.</summary>
public sealed class LearningRateScheduler(Func<int, double, double> schedule) : Callback
{
    private readonly Func<int, double, double> _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <inheritdoc />
    public override void OnEpochBegin(int epoch)
    {
        var optimizer = Model.Compiled!.Optimizer;
        var rate = _schedule(epoch, optimizer.LearningRate);
        if (!(rate > 0) || double.IsInfinity(rate))
            throw new InvalidOperationException($"The learning-rate schedule returned {rate} for epoch {epoch}; it must be a positive finite number.");
        optimizer.LearningRate = rate;
    }
}
