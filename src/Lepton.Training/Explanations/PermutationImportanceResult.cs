namespace Lepton.Training.Explanations;

/// <summary>What <see cref="PermutationImportance.Compute"/> found: the unshuffled score and each column's importance, most important first.</summary>
/// <param name="Baseline">The score on the table as it is.</param>
/// <param name="Features">Each column's importance, largest mean first.</param>
public sealed record PermutationImportanceResult(double Baseline, IReadOnlyList<FeatureImportance> Features);
