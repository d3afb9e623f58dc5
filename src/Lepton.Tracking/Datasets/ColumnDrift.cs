namespace Lepton.Tracking.Datasets;

/// <summary>One column's drift between a reference dataset and a current one.</summary>
/// <param name="Column">The column's name.</param>
/// <param name="Kind">Its kind (the reference's when it is in both).</param>
/// <param name="Psi">Population stability index: over the reference's deciles for numbers, over the categories otherwise; null when not compared.</param>
/// <param name="Ks">Kolmogorov–Smirnov distance (numbers only): the largest gap between the two cumulative shares.</param>
/// <param name="Level">What the PSI says against the thresholds.</param>
/// <param name="Note">Why the column was not compared, or what to know about the figures (estimated from frequent values only).</param>
/// <param name="Bars">The two distributions side by side over shared ranges or categories, for a chart.</param>
public sealed record ColumnDrift(string Column, string Kind, double? Psi, double? Ks, DriftLevel Level, string? Note, IReadOnlyList<DriftBar> Bars);
