using Lepton.Export.Runtime;
using Lepton.Nn.Models;
using Lepton.Serving.Batching;

namespace Lepton.Serving.Runtimes;

/// <summary>
/// What runs a model version's forward passes: TorchSharp over the <c>.lepton</c> model, or ONNX Runtime over its ONNX
/// graph. The routes, batching, metrics, keys and versions are the same over either; only this differs.
/// </summary>
internal interface IInferenceRunner : IDisposable
{
    /// <summary>The engine's name as metadata and metrics show it: <see cref="InferenceRuntime"/> in lower case.</summary>
    InferenceRuntime Runtime { get; }

    IReadOnlyList<string> InputNames { get; }

    /// <summary>Each input's shape per sample (batch left out; -1 for a dimension of any length).</summary>
    IReadOnlyList<Shape> InputShapes { get; }

    /// <summary>The output's shape per sample.</summary>
    Shape OutputShape { get; }

    /// <summary>Class names, preprocessing, spec and loss.</summary>
    ModelMetadata Metadata { get; }

    /// <summary>A whole table ONNX model's raw columns (its inputs, one per column), or null for a model of float32 tensors.</summary>
    IReadOnlyList<RawColumn>? Columns { get; }

    /// <summary>Whether <see cref="Run"/> gives probabilities: the model's loss makes them, or its graph does.</summary>
    bool GivesProbabilities { get; }

    /// <summary>Runs one sample of zeros when every input has a fixed shape, so the first real request is not the slow one.</summary>
    void WarmUp();

    /// <summary>
    /// Runs the requests as one pass of <paramref name="samples"/> samples (their rows stacked in order), on the calling
    /// thread: the raw outputs, the probabilities when the model's loss gives them, and the shape of one sample's output.
    /// </summary>
    RunnerOutput Run(IReadOnlyList<InferenceItem> batch, int samples);
}
