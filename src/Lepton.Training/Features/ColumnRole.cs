using Lepton.Data.Tables;

namespace Lepton.Training.Features;

/// <summary>One column of the training table in a plan: its kind, its role, how it is preprocessed, or why it is dropped.</summary>
/// <param name="Name">The column.</param>
/// <param name="Kind">Its kind as the data layer read it.</param>
/// <param name="Role">What it is to the model.</param>
/// <param name="Preprocessing">The steps it goes through, as people read them ("impute median, scale standard"); empty when dropped.</param>
/// <param name="Reason">Why it has this role: why dropped, or what decided the encoding.</param>
public sealed record ColumnRole(string Name, ColumnKind Kind, FeatureRole Role, string Preprocessing, string Reason)
{
    /// <summary>Whether the model reads the column.</summary>
    public bool IsFeature => Role is not (FeatureRole.Target or FeatureRole.Dropped);
}
