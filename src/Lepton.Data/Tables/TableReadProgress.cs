namespace Lepton.Data.Tables;

/// <summary>How far reading a file has come.</summary>
/// <param name="Stage">What is happening now: "detecting", "loading", "checking" or "done".</param>
/// <param name="Fraction">Share of the file processed, from 0 to 1.</param>
/// <param name="RowsProcessed">The engine's count of rows processed so far, an indication only (it counts work, and can pass the file's row count); 0 when not reported.</param>
public readonly record struct TableReadProgress(string Stage, double Fraction, long RowsProcessed);
