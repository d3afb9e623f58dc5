namespace Lepton.Serving.Protocol;

/// <summary>The answer of the simple prediction route: predictions and which version made them.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="ModelVersion">The version that answered.</param>
/// <param name="Predictions">One per example, in request order.</param>
public sealed record PredictResponse(string ModelName, string ModelVersion, IReadOnlyList<Prediction> Predictions);
