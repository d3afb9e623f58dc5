namespace Lepton.Data.Tables;

/// <summary>How far reading a file has come.</summary>
/// <param name="Stage">What is happening now: "detecting", "loading", "checking" or "done".</param>
/// <param name="Fraction">Share of the file processed, from 0 to 1.</param>
/// <param name="RowsProcessed">Rows processed so far, when the engine reports it (0 otherwise).</param>
public readonly record struct TableReadProgress(string Stage, double Fraction, long RowsProcessed);
