namespace Lepton.Serving.Protocol;

/// <summary>
/// Why the model answered as it did for one example (asked with <c>"parameters": {"explain": true}</c> or
/// <c>?explain=true</c>): integrated gradients from a baseline of zeros to the example, for the class predicted. The
/// attributions add up to <see cref="Output"/> − <see cref="BaselineOutput"/>.
/// </summary>
/// <param name="Method">How the attributions were found: <c>integrated_gradients</c>.</param>
/// <param name="Class">The class explained (the one predicted), or null for a regression.</param>
/// <param name="Output">The explained output (the class's probability, or the value) for the example.</param>
/// <param name="BaselineOutput">The same output for the baseline (zeros in the model's feature space: the training means of scaled numbers, no category, padding tokens, a blank image).</param>
/// <param name="Columns">For a model reading records: one attribution per raw column of the record (its features' summed).</param>
/// <param name="Inputs">For a model reading tensors or images: per input, one attribution per value, in the input's shape flattened (row-major).</param>
public sealed record Explanation(
    string Method,
    string? Class,
    double Output,
    double BaselineOutput,
    IReadOnlyDictionary<string, double>? Columns,
    IReadOnlyDictionary<string, float[]>? Inputs);
