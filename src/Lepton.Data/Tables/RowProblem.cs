namespace Lepton.Data.Tables;

/// <summary>One row that did not fit the table, where it is and why.</summary>
/// <param name="Line">The 1-based physical line in a text file where the row starts; for Parquet and JSON arrays, the 1-based record number.</param>
/// <param name="Reason">What was wrong, e.g. "TOO MANY COLUMNS: Expected Number of Columns: 3 Found: 4".</param>
/// <param name="Column">The column concerned, when one is.</param>
/// <param name="Text">The row as it appears in the file (may be cut short).</param>
/// <param name="Skipped">True when the row was left out; false when it was kept with nulls.</param>
public sealed record RowProblem(long Line, string Reason, string? Column, string Text, bool Skipped);
