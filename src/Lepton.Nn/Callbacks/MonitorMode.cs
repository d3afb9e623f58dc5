namespace Lepton.Nn.Callbacks;

/// <summary>Whether a monitored quantity should go down or up.</summary>
public enum MonitorMode
{
    /// <summary>As the quantity says: the loss goes down, a compiled metric by its own direction, any other name by <see cref="MetricDirections.FromName"/>.</summary>
    Auto,

    /// <summary>Lower is better (loss, error).</summary>
    Min,

    /// <summary>Higher is better (accuracy).</summary>
    Max,
}
