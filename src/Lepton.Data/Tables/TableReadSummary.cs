namespace Lepton.Data.Tables;

/// <summary>What reading a file did: how many rows were read, kept and skipped, and why.</summary>
public sealed class TableReadSummary
{
    /// <summary>The file read.</summary>
    public required string FilePath { get; init; }

    /// <summary>The format it was read as.</summary>
    public required TableFormat Format { get; init; }

    /// <summary>Data rows found in the file (kept plus skipped).</summary>
    public required long RowsRead { get; init; }

    /// <summary>Rows in the table.</summary>
    public required long RowsKept { get; init; }

    /// <summary>Rows left out.</summary>
    public long RowsSkipped => RowsRead - RowsKept;

    /// <summary>Rows kept with one or more values set to null because they could not be read.</summary>
    public long RowsKeptWithNulls { get; init; }

    /// <summary>Skipped rows by reason (e.g. "CAST", "TOO MANY COLUMNS", "MISSING COLUMNS", "MALFORMED JSON").</summary>
    public IReadOnlyDictionary<string, long> SkippedByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>The first problems found, in file order (see <see cref="TableReadOptions.MaxReportedProblems"/>).</summary>
    public IReadOnlyList<RowProblem> Problems { get; init; } = [];

    /// <summary>The CSV delimiter used, detected or given; null for other formats.</summary>
    public char? Delimiter { get; init; }

    /// <summary>Whether a CSV header line was used for the names; null for other formats.</summary>
    public bool? HasHeader { get; init; }

    /// <summary>CSV lines skipped before the header or data.</summary>
    public int SkippedLines { get; init; }

    /// <summary>One line for people, e.g. "data.csv: 1000 rows read, 998 kept, 2 skipped (CAST: 2)".</summary>
    public override string ToString()
    {
        var text = $"{Path.GetFileName(FilePath)}: {RowsRead} rows read, {RowsKept} kept, {RowsSkipped} skipped";
        if (SkippedByReason.Count > 0) text += " (" + string.Join(", ", SkippedByReason.Select(r => $"{r.Key}: {r.Value}")) + ")";
        if (RowsKeptWithNulls > 0) text += $", {RowsKeptWithNulls} kept with nulls";
        return text;
    }
}
