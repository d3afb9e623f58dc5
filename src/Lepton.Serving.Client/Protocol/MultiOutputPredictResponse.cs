namespace Lepton.Serving.Protocol;

/// <summary>
/// The answer of the simple prediction route for a model with several output features: per example, each output's
/// prediction by output name (<c>{"churn": {"label": "yes", …}, "spend": {"value": 41.5}}</c>).
/// </summary>
/// <param name="ModelName">The model.</param>
/// <param name="ModelVersion">The version that answered.</param>
/// <param name="Predictions">One per example, in request order: output name → its prediction.</param>
public sealed record MultiOutputPredictResponse(string ModelName, string ModelVersion, IReadOnlyList<IReadOnlyDictionary<string, OutputPrediction>> Predictions);
