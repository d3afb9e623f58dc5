namespace Lepton.Serving.Protocol;

/// <summary>One output feature of a model with several: the key of its prediction in the answer, and what it predicts.</summary>
/// <param name="Name">The output feature (the training table's column it predicts).</param>
/// <param name="Kind"><c>classification</c> (a class with probabilities) or <c>regression</c> (a value).</param>
/// <param name="ClassNames">Its classes in column order; null for a value.</param>
public sealed record OutputFeatureMetadata(string Name, string Kind, IReadOnlyList<string>? ClassNames = null);
