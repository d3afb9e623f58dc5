namespace Lepton.Data.Tables;

/// <summary>What a quality finding is about.</summary>
public enum FindingKind
{
    /// <summary>A column has missing values.</summary>
    MissingValues,

    /// <summary>A column holds a single value.</summary>
    Constant,

    /// <summary>One value fills almost the whole column.</summary>
    NearConstant,

    /// <summary>Rows repeat exactly.</summary>
    DuplicateRows,

    /// <summary>A numeric column has values far from the rest (IQR fences or z-score).</summary>
    Outliers,

    /// <summary>A text column mixes numbers and words.</summary>
    MixedTypes,

    /// <summary>A categorical column has very many distinct values.</summary>
    HighCardinality,

    /// <summary>The target's classes are very unequal in size.</summary>
    ClassImbalance,

    /// <summary>A feature is nearly identical to the target, so it probably leaks the answer.</summary>
    TargetLeakage,

    /// <summary>A column's distribution differs between two files (PSI or KS).</summary>
    Drift,
}
