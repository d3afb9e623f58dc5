namespace Lepton.Data.Pipelines;

/// <summary>How missing values are filled.</summary>
public enum Imputation
{
    /// <summary>The training mean (numeric columns; the column becomes a float).</summary>
    Mean,

    /// <summary>The training median (numeric columns; the column becomes a float).</summary>
    Median,

    /// <summary>The most frequent training value (ties: the smallest as text).</summary>
    Mode,

    /// <summary>A value you give.</summary>
    Constant,

    /// <summary>The last known value above, in the table being transformed (leading gaps stay missing, and are reported).</summary>
    ForwardFill,

    /// <summary>The next known value below, in the table being transformed (trailing gaps stay missing, and are reported).</summary>
    BackwardFill,

    /// <summary>Linear in row position between the known values around the gap (at the ends: the nearest known value).</summary>
    Linear,
}
