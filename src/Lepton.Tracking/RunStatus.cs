namespace Lepton.Tracking;

/// <summary>Where a run is in its life.</summary>
public enum RunStatus
{
    /// <summary>Started and not yet ended (or its process died; see <see cref="TrackingClient.FailAbandonedRunsAsync"/>).</summary>
    Running,

    /// <summary>Ended normally.</summary>
    Finished,

    /// <summary>Ended with an error, or found abandoned by a process that died.</summary>
    Failed,

    /// <summary>Stopped on purpose (Ctrl+C, cancellation).</summary>
    Killed,
}
