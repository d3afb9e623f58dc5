namespace Lepton.Data.Pipelines;

/// <summary>What one pipeline step changed in a table: values, rows and columns, and the apply-time rules it used.</summary>
/// <param name="Step">The step, as people read it (e.g. "impute age (median)").</param>
public sealed record StepReport(string Step)
{
    /// <summary>Values the step set or changed (filled, clipped, scaled, encoded).</summary>
    public long ValuesChanged { get; init; }

    /// <summary>Rows the step removed.</summary>
    public long RowsDropped { get; init; }

    /// <summary>Values never seen when fitting (unseen categories), handled by the step's stated rule.</summary>
    public long UnseenValues { get; init; }

    /// <summary>Columns the step added.</summary>
    public IReadOnlyList<string> ColumnsAdded { get; init; } = [];

    /// <summary>Columns the step removed.</summary>
    public IReadOnlyList<string> ColumnsRemoved { get; init; } = [];

    /// <summary>Anything else worth knowing (values left missing, defaults used).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>One line: the step and what it changed.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (ValuesChanged > 0) parts.Add($"{ValuesChanged} values changed");
        if (RowsDropped > 0) parts.Add($"{RowsDropped} rows dropped");
        if (UnseenValues > 0) parts.Add($"{UnseenValues} unseen values");
        if (ColumnsAdded.Count > 0) parts.Add($"added {Shorten(ColumnsAdded)}");
        if (ColumnsRemoved.Count > 0) parts.Add($"removed {Shorten(ColumnsRemoved)}");
        parts.AddRange(Notes);
        return $"{Step}: {(parts.Count == 0 ? "no change" : string.Join("; ", parts))}";
    }

    private static string Shorten(IReadOnlyList<string> names) =>
        names.Count <= 6 ? string.Join(", ", names) : string.Join(", ", names.Take(5)) + $" and {names.Count - 5} more";
}
