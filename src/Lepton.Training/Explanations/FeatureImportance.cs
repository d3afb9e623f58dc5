namespace Lepton.Training.Explanations;

/// <summary>One column's permutation importance: the mean fall of the score when it is shuffled, its spread, and each repeat's fall.</summary>
/// <param name="Column">The column shuffled.</param>
/// <param name="Mean">Mean fall of the score over the repeats (positive: the model relies on the column).</param>
/// <param name="StandardDeviation">Standard deviation of the falls.</param>
/// <param name="Drops">Each repeat's fall.</param>
public sealed record FeatureImportance(string Column, double Mean, double StandardDeviation, IReadOnlyList<double> Drops);
