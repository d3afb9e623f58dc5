namespace Lepton.Tracking.Datasets;

/// <summary>One bar of a drift chart: the share of each dataset's present values in a range or category.</summary>
/// <param name="Label">The range (<c>1.5 – 2.0</c>) or the category.</param>
/// <param name="Reference">Share of the reference's values, 0 to 1.</param>
/// <param name="Current">Share of the current dataset's values, 0 to 1.</param>
public sealed record DriftBar(string Label, double Reference, double Current);
