using Lepton.Data.Images;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Export.Runtime;
using Lepton.Nn.Models;
using Lepton.Serving.Batching;
using Lepton.Serving.Runtimes;

namespace Lepton.Serving.Hosting;

/// <summary>One model version in memory: its runner (TorchSharp or ONNX Runtime), what its file says about inputs and classes, and its batcher.</summary>
internal sealed class LoadedModel
{
    public const string OutputName = "output";
    public const string ProbabilitiesName = "probabilities";

    public LoadedModel(string name, string version, string source, string path, InferenceBatcher batcher, TimeSpan loadTime, TablePreprocessing? table)
    {
        var model = batcher.Runner;
        Name = name;
        Version = version;
        Source = source;
        Path = path;
        Runner = model;
        Batcher = batcher;
        LoadTime = loadTime;
        LoadedAt = DateTimeOffset.UtcNow;
        Columns = model.Columns;
        Inputs = model.InputShapes.Select((shape, i) => new InputSpec(model.InputNames.ElementAtOrDefault(i) ?? $"input_{i}", shape.Dimensions, Columns is null ? "FP32" : Datatype(Columns[i].Type))).ToArray();
        OutputSampleShape = model.OutputShape.Dimensions;
        ClassNames = model.Metadata.ClassNames;
        ImageFormat = ImageFormat.FromPreprocessing(model.Metadata.Preprocessing);
        HasProbabilities = model.GivesProbabilities;
        Metadata = model.Metadata;
        Table = table;
        TextColumn = table is null ? null : TextColumnOf(table);
        WireInputs = TextColumn is { } column ? [new InputSpec(column, [], "BYTES")] : Inputs;
        Heads = OutputHead.Of(model.Metadata, model.OutputShape);
    }

    public string Name { get; }

    public string Version { get; }

    /// <summary>The file path or registry reference it was loaded from.</summary>
    public string Source { get; }

    /// <summary>The local <c>.lepton</c> or <c>.onnx</c> file (for a registry reference, the verified cached copy).</summary>
    public string Path { get; }

    /// <summary>What runs its passes: TorchSharp or ONNX Runtime.</summary>
    public IInferenceRunner Runner { get; }

    /// <summary>Which engine runs it.</summary>
    public InferenceRuntime Runtime => Runner.Runtime;

    /// <summary>Class names, preprocessing, spec and loss, from the model file (or the ONNX file's metadata).</summary>
    public ModelMetadata Metadata { get; }

    public InferenceBatcher Batcher { get; }

    public TimeSpan LoadTime { get; }

    public DateTimeOffset LoadedAt { get; }

    public IReadOnlyList<InputSpec> Inputs { get; }

    public long[] OutputSampleShape { get; }

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The image preprocessing saved in the model file, or null for a model that does not take images.</summary>
    public ImageFormat? ImageFormat { get; }

    public bool HasProbabilities { get; }

    /// <summary>
    /// A whole table ONNX model's raw columns, which are its inputs (its pipeline runs in the graph), or null. Such a
    /// model takes records named as the columns, and over the Open Inference Protocol one tensor per column.
    /// </summary>
    public IReadOnlyList<RawColumn>? Columns { get; }

    /// <summary>The Open Inference Protocol datatype of a raw column's tensor.</summary>
    public static string Datatype(RawColumnType type) => type switch
    {
        RawColumnType.Number => "FP64",
        RawColumnType.Float => "FP32",
        RawColumnType.Integer => "INT64",
        _ => "BYTES",
    };

    /// <summary>The table pipeline and feature columns saved in the model file, or null: then records name model inputs.</summary>
    public TablePreprocessing? Table { get; }

    /// <summary>
    /// The one raw column of a model trained on a table of text alone (its schema is one text column), or null. Such a
    /// model takes that text over the Open Inference Protocol as a BYTES tensor named after the column, one string per row.
    /// </summary>
    public string? TextColumn { get; }

    /// <summary>The inputs the Open Inference Protocol shows and takes: the BYTES text for a text model, else the model's tensors.</summary>
    public IReadOnlyList<InputSpec> WireInputs { get; }

    // A model of one raw column, and that column text: the one case BYTES tensors stand for.
    private static string? TextColumnOf(TablePreprocessing table) =>
        table.Inputs is [var column] && table.Pipeline.InputKinds.TryGetValue(column, out var kind) && kind == ColumnKind.Text ? column : null;

    /// <summary>
    /// The output features of a multi-task model (a spec with several), whose output vector holds their heads side by
    /// side; empty for a model with one output. Each is answered as its own tensor, named after it.
    /// </summary>
    public IReadOnlyList<OutputHead> Heads { get; }

    public IEnumerable<string> OutputNames => Heads.Count > 0 ? Heads.Select(h => h.Name) : HasProbabilities ? [OutputName, ProbabilitiesName] : [OutputName];

    /// <summary>
    /// One output tensor of a result: <see cref="OutputName"/> or <see cref="ProbabilitiesName"/>, or an output
    /// feature's head (its class probabilities, or its value) cut out of the joint output, shape [samples, width].
    /// </summary>
    public (float[] Values, long[] Shape) OutputTensor(string name, InferenceResult result)
    {
        if (Heads.FirstOrDefault(h => h.Name == name) is not { } head)
            return (name == ProbabilitiesName ? result.Probabilities! : result.Outputs, [result.Samples, .. result.SampleShape]);
        // A multi-task model's loss gives probabilities: a softmax per class head, the value itself per number head.
        var joint = result.Probabilities ?? result.Outputs;
        var width = checked((int)result.SampleShape[0]);
        var values = new float[result.Samples * head.Width];
        for (var s = 0; s < result.Samples; s++) joint.AsSpan(s * width + head.Offset, head.Width).CopyTo(values.AsSpan(s * head.Width));
        return (values, [result.Samples, head.Width]);
    }
}
