namespace Lepton.Tracking.Datasets;

/// <summary>How far a column moved between two datasets, by its PSI against the thresholds.</summary>
public enum DriftLevel
{
    /// <summary>PSI below the warning threshold (0.1 by default): the usual reading is "no significant change".</summary>
    Stable,

    /// <summary>PSI from the warning threshold up to the drift threshold (0.1 to 0.25 by default): a moderate shift worth a look.</summary>
    Warning,

    /// <summary>PSI at or above the drift threshold (0.25 by default): the distribution has moved; a model trained on the reference may not hold.</summary>
    Drift,

    /// <summary>The column could not be compared: it is in one dataset only, its kind changed, or its kind has no distribution to compare (text, identifiers, dates).</summary>
    NotCompared,
}
