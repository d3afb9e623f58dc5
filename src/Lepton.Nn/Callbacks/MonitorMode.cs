namespace Lepton.Nn.Callbacks;

/// <summary>Whether a monitored quantity should go down or up.</summary>
public enum MonitorMode
{
    /// <summary>Up for accuracy-like names (accuracy, auc, f1, precision, recall, r2), down otherwise.</summary>
    Auto,

    /// <summary>Lower is better (loss, error).</summary>
    Min,

    /// <summary>Higher is better (accuracy).</summary>
    Max,
}
