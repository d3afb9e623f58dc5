namespace Lepton.Data.Tables;

/// <summary>What a column holds, as Lepton uses it for profiling, checks and preprocessing.</summary>
public enum ColumnKind
{
    /// <summary>Whole numbers (stored as 64-bit integers).</summary>
    Integer,

    /// <summary>Real numbers (stored as doubles).</summary>
    Float,

    /// <summary>True or false.</summary>
    Boolean,

    /// <summary>A small set of repeated labels.</summary>
    Categorical,

    /// <summary>Dates or timestamps.</summary>
    DateTime,

    /// <summary>Free text: mostly distinct, often with spaces.</summary>
    Text,

    /// <summary>A key that is distinct for (nearly) every row and carries no signal by itself.</summary>
    Identifier,
}
