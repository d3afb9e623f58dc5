namespace Lepton.Data.Tables;

/// <summary>A column of a <see cref="Table"/>: its name, what it holds, and how the engine stores it.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Kind">What the column holds, inferred or set by the user.</param>
/// <param name="StorageType">The engine's SQL type, e.g. BIGINT, DOUBLE, VARCHAR, TIMESTAMP.</param>
public sealed record TableColumn(string Name, ColumnKind Kind, string StorageType)
{
    /// <summary>True for integer and float columns.</summary>
    public bool IsNumeric => Kind is ColumnKind.Integer or ColumnKind.Float;
}
