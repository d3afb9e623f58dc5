namespace Lepton.Data.Tables;

/// <summary>How the strength of a relation between two columns is measured.</summary>
public enum CorrelationMethod
{
    /// <summary>Linear correlation of two numeric columns, −1 to 1.</summary>
    Pearson,

    /// <summary>Rank correlation of two numeric columns (Pearson on average ranks), −1 to 1.</summary>
    Spearman,

    /// <summary>Association of two categorical columns from the χ² statistic, 0 to 1.</summary>
    CramersV,

    /// <summary>How much of a numeric column's variance its categories explain (η, the correlation ratio), 0 to 1.</summary>
    CorrelationRatio,
}
