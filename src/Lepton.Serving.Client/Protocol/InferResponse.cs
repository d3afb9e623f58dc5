namespace Lepton.Serving.Protocol;

/// <summary>Open Inference Protocol inference answer: which model and version answered, and the outputs.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="ModelVersion">The version that answered.</param>
/// <param name="Id">The request's id, echoed.</param>
/// <param name="Outputs">The output tensors.</param>
public sealed record InferResponse(string ModelName, string ModelVersion, string? Id, IReadOnlyList<InferOutput> Outputs);
