using Lepton.Nn.Models;

namespace Lepton.Nn.Callbacks;

/// <summary>
/// Hooks into <see cref="Model.Fit"/>: override the events you need. <see cref="Model"/> is set before
/// training begins; set <see cref="Model.StopTraining"/> to end training after the current epoch.
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained.</summary>
    public Model Model { get; internal set; } = null!;

    /// <summary>Training is about to start.</summary>
    public virtual void OnTrainBegin(TrainingInfo info)
    {
    }

    /// <summary>Training has ended, normally, early or by cancellation.</summary>
    public virtual void OnTrainEnd(IReadOnlyDictionary<string, double> lastLogs)
    {
    }

    /// <summary>An epoch (counted from 0) is about to start.</summary>
    public virtual void OnEpochBegin(int epoch)
    {
    }

    /// <summary>An epoch has ended; <paramref name="logs"/> holds its loss and metrics, validation ones prefixed <c>val_</c>.</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>A training batch has ended.</summary>
    public virtual void OnBatchEnd(int batch, BatchLogs logs)
    {
    }
}
