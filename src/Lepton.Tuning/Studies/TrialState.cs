namespace Lepton.Tuning.Studies;

/// <summary>Where a trial is in its life.</summary>
public enum TrialState
{
    /// <summary>Started and not finished (or its worker died and its heartbeat has not gone stale yet).</summary>
    Running,

    /// <summary>Finished with a value.</summary>
    Complete,

    /// <summary>Stopped early by the pruner; its last reported value stands for it.</summary>
    Pruned,

    /// <summary>The objective threw, returned no number, or its worker stopped beating.</summary>
    Failed,
}
