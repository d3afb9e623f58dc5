namespace Lepton.Serving.Protocol;

/// <summary>
/// One output feature's prediction for one example: for a class output the most likely class, its probability and
/// the top classes; for a number output its value. What does not apply is null (left out of the JSON).
/// </summary>
/// <param name="Label">The most likely class (a class output).</param>
/// <param name="Probability">Its probability (a class output).</param>
/// <param name="Top">The most likely classes, best first (a class output).</param>
/// <param name="Value">The predicted number (a number output).</param>
public sealed record OutputPrediction(string? Label = null, float? Probability = null, IReadOnlyList<ClassScore>? Top = null, float? Value = null);
