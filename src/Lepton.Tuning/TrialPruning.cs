using Lepton.Nn.Callbacks;

namespace Lepton.Tuning;

/// <summary>
/// A training callback that reports a metric to a trial after every epoch and stops training when the pruner says so
/// (Optuna's Keras pruning callback). After <c>Fit</c> returns, <see cref="Trial.ShouldPrune"/> tells whether it was
/// stopped; the tuner then records the trial as pruned.
/// </summary>
public sealed class TrialPruning : Callback
{
    private readonly Trial trial;
    private readonly string monitor;

    /// <summary>Creates the callback.</summary>
    /// <param name="trial">The trial to report to.</param>
    /// <param name="monitor">The epoch log reported: <c>val_loss</c> by default, or <c>val_accuracy</c>, <c>loss</c>, …</param>
    public TrialPruning(Trial trial, string monitor = "val_loss")
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentException.ThrowIfNullOrWhiteSpace(monitor);
        this.trial = trial;
        this.monitor = monitor;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (!logs.TryGetValue(monitor, out var value))
            throw new InvalidOperationException($"Trial pruning reports '{monitor}', but the epoch's logs have {string.Join(", ", logs.Keys)}; a validation metric needs validation data.");
        if (trial.Report(epoch, value)) Model.StopTraining = true;
    }
}
