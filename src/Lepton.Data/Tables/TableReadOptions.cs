namespace Lepton.Data.Tables;

/// <summary>How to read a file into a <see cref="Table"/>; every setting has a detecting default.</summary>
public sealed class TableReadOptions
{
    /// <summary>The file's format; by default chosen from the extension (.csv .tsv .txt .json .jsonl .ndjson .parquet, before a .gz or .zst).</summary>
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
    /// Null means <see cref="DefaultMemoryLimit"/>.
    /// </summary>
    public string? MemoryLimit { get; init; }

    /// <summary>
    /// The deepest nesting of arrays and objects a JSON or JSON Lines file may have, counting the outer array of a
    /// JSON file; deeper files are refused before the engine reads them (64 by default, as System.Text.Json).
    /// </summary>
    /// <remarks>
    /// A table flattens at most a level or two, and the engine's time and memory grow steeply with depth (nesting
    /// 512 deep takes it half a minute for three lines; 10,000 deep exhausts its stack), so a deep file is an
    /// attack or a mistake, not data.
    /// </remarks>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>
    /// The longest record accepted, in bytes: a CSV line (quoted newlines included) or one JSON object. Null means
    /// 2,000,000 for CSV (DuckDB's maximum line size, which also sizes its read buffers) and 16 MiB for JSON
    /// (DuckDB's maximum object size).
    /// </summary>
    public long? MaxRecordBytes { get; init; }

    /// <summary>
    /// The engine's memory limit when <see cref="MemoryLimit"/> is not set: half of the memory .NET sees as
    /// available (the container's limit when there is one, else the machine's), in MB.
    /// </summary>
    /// <remarks>
    /// DuckDB's own default, 80% of the machine, is per engine, and every table (and every pipeline result) has
    /// its own: two of them, or one beside .NET's copies of columns and the report's charts, would overcommit and
    /// the process would be killed instead of spilling to disk.
    /// </remarks>
    public static string DefaultMemoryLimit =>
        $"{Math.Max(64, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / (1024 * 1024))}MiB";

    internal const long DefaultCsvLineBytes = 2_000_000;
    internal const long DefaultJsonRecordBytes = 16L * 1024 * 1024;
}
