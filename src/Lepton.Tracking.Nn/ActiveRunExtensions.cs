namespace Lepton.Tracking;

/// <summary>Recording a <c>Fit</c> into a run.</summary>
public static class ActiveRunExtensions
{
    /// <summary>
    /// A callback that records a <c>Fit</c> into <paramref name="run"/>: parameters, per-epoch metrics, the best
    /// checkpoint by <paramref name="monitor"/> and, when <paramref name="logModel"/>, the final model.
    /// </summary>
    public static TrackingCallback Autolog(this ActiveRun run, string? monitor = null, bool logModel = true)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new TrackingCallback(run, monitor, logModel);
    }
}
