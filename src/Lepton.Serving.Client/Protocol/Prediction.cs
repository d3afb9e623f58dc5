namespace Lepton.Serving.Protocol;

/// <summary>The prediction for one example: the most likely class and the top classes with their probabilities.</summary>
/// <param name="Label">The most likely class.</param>
/// <param name="Probability">Its probability.</param>
/// <param name="Top">The most likely classes, best first.</param>
/// <param name="Explanation">Why, when the request asked for it; null otherwise.</param>
public sealed record Prediction(string Label, float Probability, IReadOnlyList<ClassScore> Top, Explanation? Explanation = null);
