namespace Lepton.Data.Tables;

/// <summary>A table's profile: every column's statistics, duplicate rows, correlations and relations to a target.</summary>
public sealed class TableProfile
{
    /// <summary>Rows in the table.</summary>
    public required long RowCount { get; init; }

    /// <summary>Rows that repeat an earlier row exactly (all rows minus distinct rows).</summary>
    public required long DuplicateRows { get; init; }

    /// <summary>Per-column profiles, in table order.</summary>
    public required IReadOnlyList<ColumnProfile> Columns { get; init; }

    /// <summary>Pairwise correlations: Pearson and Spearman between numeric columns, Cramér's V between categorical ones.</summary>
    public IReadOnlyList<Correlation> Correlations { get; init; } = [];

    /// <summary>The target column named in the options, if any.</summary>
    public string? Target { get; init; }

    /// <summary>Each feature's relation to the target (Second is the target), strongest first.</summary>
    public IReadOnlyList<Correlation> TargetRelations { get; init; } = [];

    /// <summary>Whether the target was treated as class labels (few distinct values) rather than a number to predict.</summary>
    public bool TargetIsCategorical { get; init; }

    /// <summary>Every class of a categorical target with its row count, largest first; empty otherwise.</summary>
    public IReadOnlyList<ValueCount> TargetClasses { get; init; } = [];

    /// <summary>The profile of the named column.</summary>
    /// <exception cref="KeyNotFoundException">There is no such column.</exception>
    public ColumnProfile Column(string name) =>
        Columns.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"The profile has no column '{name}'.");

    /// <summary>The correlation between two columns by one method, or null when it was not computed.</summary>
    public double? CorrelationOf(string first, string second, CorrelationMethod method) =>
        Correlations.FirstOrDefault(c => c.Method == method && ((c.First == first && c.Second == second) || (c.First == second && c.Second == first)))?.Value;
}
