using Lepton.Nn.Models;

namespace Lepton.Nn.Callbacks;

/// <summary>
/// A set of callbacks driven together by a training loop (Keras's <c>CallbackList</c>): <c>Fit</c>'s loop, the
/// boosting rounds of gradient-boosted trees, or a loop of your own. It gives every callback the
/// <see cref="Model"/>, calls each event on every callback in order, and tells the loop when one of them has asked
/// it to stop (<see cref="StopRequested"/>, set through <see cref="Model.StopTraining"/>).
/// </summary>
public sealed class CallbackList
{
    private readonly List<Callback> callbacks;
    private Model model = null!;

    /// <summary>Creates the list; <paramref name="model"/> is given to every callback.</summary>
    /// <param name="callbacks">The callbacks, called in this order; null for none.</param>
    /// <param name="model">The model being trained.</param>
    public CallbackList(IEnumerable<Callback>? callbacks, Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.callbacks = callbacks?.ToList() ?? [];
        if (this.callbacks.Any(c => c is null)) throw new ArgumentException("A callback in the list is null.", nameof(callbacks));
        Model = model;
    }

    /// <summary>
    /// The model every callback sees. A loop that builds its model only at the end (trees are grown round by round)
    /// sets the finished model here before <see cref="OnTrainEnd"/>.
    /// </summary>
    public Model Model
    {
        get => model;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            model = value;
            foreach (var c in callbacks) c.Model = value;
        }
    }

    /// <summary>The callbacks, in the order they are called.</summary>
    public IReadOnlyList<Callback> Callbacks => callbacks;

    /// <summary>Whether a callback has asked training to stop after the current epoch (or round).</summary>
    public bool StopRequested => model.StopTraining;

    /// <summary>Calls <see cref="Callback.OnTrainBegin"/> on every callback, after clearing any earlier stop request.</summary>
    public void OnTrainBegin(TrainingInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        model.StopTraining = false;
        foreach (var c in callbacks) c.OnTrainBegin(info);
    }

    /// <summary>Calls <see cref="Callback.OnEpochBegin"/> on every callback.</summary>
    public void OnEpochBegin(int epoch)
    {
        foreach (var c in callbacks) c.OnEpochBegin(epoch);
    }

    /// <summary>Calls <see cref="Callback.OnEpochEnd"/> on every callback.</summary>
    public void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        foreach (var c in callbacks) c.OnEpochEnd(epoch, logs);
    }

    /// <summary>Calls <see cref="Callback.OnBatchEnd"/> on every callback.</summary>
    public void OnBatchEnd(int batch, BatchLogs logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        foreach (var c in callbacks) c.OnBatchEnd(batch, logs);
    }

    /// <summary>Calls <see cref="Callback.OnTrainEnd"/> on every callback.</summary>
    public void OnTrainEnd(IReadOnlyDictionary<string, double> lastLogs)
    {
        ArgumentNullException.ThrowIfNull(lastLogs);
        foreach (var c in callbacks) c.OnTrainEnd(lastLogs);
    }
}
