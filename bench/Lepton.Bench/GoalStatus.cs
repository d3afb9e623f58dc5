namespace Lepton.Bench;

/// <summary>The verdict on a goal.</summary>
internal enum GoalStatus
{
    /// <summary>Measured and met.</summary>
    Pass,

    /// <summary>Measured and missed.</summary>
    Fail,

    /// <summary>Not met yet, but the run was shorter than the goal asks (a quick run).</summary>
    Incomplete,

    /// <summary>No results to judge.</summary>
    NotRun,
}
