namespace Lepton.Data.Tables;

/// <summary>How to read a file into a <see cref="Table"/>; every setting has a detecting default.</summary>
public sealed class TableReadOptions
{
    /// <summary>The file's format; by default chosen from the extension (.csv .tsv .txt .json .jsonl .ndjson .parquet).</summary>
    public TableFormat Format { get; init; } = TableFormat.Auto;

    /// <summary>What happens to rows that do not fit; <see cref="BadRowPolicy.Fail"/> by default.</summary>
    public BadRowPolicy BadRows { get; init; } = BadRowPolicy.Fail;

    /// <summary>The CSV field delimiter; detected when null.</summary>
    public char? Delimiter { get; init; }

    /// <summary>Whether the first CSV line (after <see cref="SkipLines"/>) holds column names; detected when null.</summary>
    public bool? HasHeader { get; init; }

    /// <summary>CSV lines to skip before the header or data (e.g. a line of counts); detected when null.</summary>
    public int? SkipLines { get; init; }

    /// <summary>Column names to use instead of the file's, in order.</summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>Column kinds to use instead of the inferred ones, by column name.</summary>
    public IReadOnlyDictionary<string, ColumnKind>? ColumnKinds { get; init; }

    /// <summary>CSV values that mean "missing"; by default the empty field, NA, N/A, null, NULL and NaN.</summary>
    public IReadOnlyList<string> MissingValues { get; init; } = ["", "NA", "N/A", "null", "NULL", "NaN"];

    /// <summary>At most this many row problems are kept in the summary (all are counted).</summary>
    public int MaxReportedProblems { get; init; } = 100;

    /// <summary>Receives progress while the file is read.</summary>
    public IProgress<TableReadProgress>? Progress { get; init; }

    /// <summary>
    /// The most memory the table's engine may use, in DuckDB's notation (<c>"2GB"</c>, <c>"512MB"</c>); past it the
    /// engine spills to a private temporary folder, so files larger than memory can still be read and profiled.
    /// Null leaves DuckDB's default (80% of the machine's memory).
    /// </summary>
    public string? MemoryLimit { get; init; }
}
