namespace Lepton.Data.Tables;

/// <summary>Thresholds for quality findings; the defaults follow common practice.</summary>
public sealed class QualityOptions
{
    /// <summary>Missing share from which missing values are a warning (below: info).</summary>
    public double MissingWarning { get; init; } = 0.05;

    /// <summary>Missing share from which missing values are an error.</summary>
    public double MissingError { get; init; } = 0.5;

    /// <summary>Share of the most frequent value from which a column is near-constant.</summary>
    public double NearConstantShare { get; init; } = 0.95;

    /// <summary>Share of outliers (IQR fences) from which outliers are a warning (below: info).</summary>
    public double OutlierWarning { get; init; } = 0.05;

    /// <summary>Distinct values from which a categorical column has high cardinality.</summary>
    public int HighCardinality { get; init; } = 100;

    /// <summary>Smallest-to-largest class ratio below which classes are imbalanced (warning).</summary>
    public double ImbalanceWarning { get; init; } = 0.2;

    /// <summary>Smallest-to-largest class ratio below which imbalance is an error.</summary>
    public double ImbalanceError { get; init; } = 0.05;

    /// <summary>Relation to the target (|Pearson|, Cramér's V or η) from which a feature is suspected of leaking it.</summary>
    public double Leakage { get; init; } = 0.95;

    /// <summary>PSI from which drift is a warning (0.1 is the usual "moderate shift").</summary>
    public double DriftWarning { get; init; } = 0.1;

    /// <summary>PSI from which drift is an error (0.25 is the usual "significant shift").</summary>
    public double DriftError { get; init; } = 0.25;
}
