namespace Lepton.Serving.Apis;

/// <summary>
/// An OIP inference request after its JSON was read and checked on its own (before a model is chosen).
/// <paramref name="WantsBinary"/> says whether an output is to be answered as binary data.
/// </summary>
internal sealed record InferRequest(string? Id, IReadOnlyList<InferInput> Inputs, IReadOnlyList<string>? Outputs, double? TimeoutMs, Func<string, bool> WantsBinary);
