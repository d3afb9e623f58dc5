namespace Lepton.Serving.Protocol;

/// <summary>
/// Open Inference Protocol model metadata (<c>GET /v2/models/{name}</c>), plus Lepton's own fields (the protocol allows
/// extra ones): the class names, the traffic split, and what the simple prediction route takes and gives for this
/// model, so a form can be built from it.
/// </summary>
/// <param name="Name">The model's name.</param>
/// <param name="Versions">The loaded versions (or the one asked for).</param>
/// <param name="Platform">The framework that runs it.</param>
/// <param name="Inputs">Its inputs.</param>
/// <param name="Outputs">Its outputs.</param>
/// <param name="ClassNames">Output class names in index order; empty for regression.</param>
/// <param name="Traffic">Version → share of unpinned traffic.</param>
/// <param name="PredictInput">
/// How <c>POST /models/{name}/predict</c> takes input: <see cref="ImageInput"/> (an image file, preprocessed with
/// <see cref="Image"/>), <see cref="RecordsInput"/> (records named as the training table's <see cref="Columns"/>) or
/// <see cref="InstancesInput"/> (numbers shaped as <see cref="Inputs"/>); null from a server that does not say.
/// </param>
/// <param name="Image">For an image model, the size and channels the server turns an upload into; else null.</param>
/// <param name="Columns">For a records model, the raw columns its saved table pipeline reads, in training-table order; else null.</param>
/// <param name="Task">
/// What the prediction route answers: <see cref="ClassificationTask"/> or <see cref="RegressionTask"/>
/// (<see cref="PredictResponse"/>), or <see cref="MultiOutputTask"/> (<see cref="MultiOutputPredictResponse"/>, one
/// prediction per <see cref="OutputFeatures"/>); null from a server that does not say.
/// </param>
/// <param name="OutputFeatures">For a model with several output features, each one's name, kind and classes; else null.</param>
public sealed record ModelMetadataResponse(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<TensorMetadata> Inputs,
    IReadOnlyList<TensorMetadata> Outputs,
    IReadOnlyList<string> ClassNames,
    IReadOnlyDictionary<string, double> Traffic,
    string? PredictInput = null,
    ImageInputMetadata? Image = null,
    IReadOnlyList<ColumnMetadata>? Columns = null,
    string? Task = null,
    IReadOnlyList<OutputFeatureMetadata>? OutputFeatures = null)
{
    /// <summary><see cref="PredictInput"/> of a model that takes an image file.</summary>
    public const string ImageInput = "image";

    /// <summary><see cref="PredictInput"/> of a model that takes records named as its training table's columns.</summary>
    public const string RecordsInput = "records";

    /// <summary><see cref="PredictInput"/> of a model that takes numbers shaped as its inputs.</summary>
    public const string InstancesInput = "instances";

    /// <summary><see cref="Task"/> (and <see cref="OutputFeatureMetadata.Kind"/>) of a model that gives classes with probabilities.</summary>
    public const string ClassificationTask = "classification";

    /// <summary><see cref="Task"/> (and <see cref="OutputFeatureMetadata.Kind"/>) of a model that gives a number.</summary>
    public const string RegressionTask = "regression";

    /// <summary><see cref="Task"/> of a model with several output features, answered per output.</summary>
    public const string MultiOutputTask = "multi_output";

    /// <summary>The engine that runs the model's passes: <c>torch</c> (TorchSharp) or <c>onnx</c> (ONNX Runtime); null from a server that does not say.</summary>
    public string? Runtime { get; init; }
}
