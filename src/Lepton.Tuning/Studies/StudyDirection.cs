namespace Lepton.Tuning.Studies;

/// <summary>Whether a study looks for the lowest or the highest objective value.</summary>
public enum StudyDirection
{
    /// <summary>Lower is better (a loss, an error).</summary>
    Minimize,

    /// <summary>Higher is better (accuracy, R²).</summary>
    Maximize,
}
