namespace Lepton.Serving.Protocol;

/// <summary>Open Inference Protocol model metadata (<c>GET /v2/models/{name}</c>), plus the class names when the model has them.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Versions">The loaded versions (or the one asked for).</param>
/// <param name="Platform">The framework that runs it.</param>
/// <param name="Inputs">Its inputs.</param>
/// <param name="Outputs">Its outputs.</param>
/// <param name="ClassNames">Output class names in index order; empty for regression.</param>
/// <param name="Traffic">Version → share of unpinned traffic.</param>
public sealed record ModelMetadataResponse(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<TensorMetadata> Inputs,
    IReadOnlyList<TensorMetadata> Outputs,
    IReadOnlyList<string> ClassNames,
    IReadOnlyDictionary<string, double> Traffic);
