using Lepton.Export.Onnx;
using Lepton.Export.Runtime;
using Lepton.Nn.Models;
using Lepton.Serving;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands.Prediction;

/// <summary>
/// The model <c>lepton predict</c> runs: a <c>.lepton</c> model in TorchSharp, or on ONNX Runtime (<c>--runtime onnx</c>,
/// exported in memory; or any <c>.onnx</c> file), with the metadata (classes, preprocessing, loss) either way.
/// </summary>
internal sealed class PredictionModel : IDisposable
{
    private readonly Model? _torch;
    private readonly OnnxModel? _onnx;

    private PredictionModel(Model? torch, OnnxModel? onnx)
    {
        _torch = torch;
        _onnx = onnx;
    }

    public InferenceRuntime Runtime => _onnx is null ? InferenceRuntime.Torch : InferenceRuntime.Onnx;

    public ModelMetadata Metadata => _torch?.Metadata ?? _onnx!.Metadata;

    public Shape OutputShape => _torch?.OutputShape ?? _onnx!.OutputShape;

    /// <summary>A whole table ONNX model's raw columns (its pipeline is in the graph), or null: then the model reads features.</summary>
    public IReadOnlyList<RawColumn>? Columns => _onnx?.Columns;

    /// <summary>Whether the model gives class probabilities (its loss, or a whole table graph's <c>probabilities</c> output).</summary>
    public bool GivesProbabilities => _onnx?.GivesProbabilities ?? _torch!.Metadata.OutputLoss is not null;

    /// <summary>Opens <paramref name="path"/> on <paramref name="runtime"/>; an <c>.onnx</c> file always on ONNX Runtime, with as many threads as TorchSharp uses here.</summary>
    public static PredictionModel Load(string path, InferenceRuntime runtime)
    {
        if (runtime == InferenceRuntime.Torch && !OnnxModel.NeedsOnnxRuntime(path)) return new PredictionModel(ModelLoader.Load(path), null);
        if (!File.Exists(path))
            throw new CliException($"Model file '{path}' does not exist. Train one with 'lepton quickstart' (it writes models/fashion-mnist.lepton), or export one with 'lepton export MODEL --format onnx'.");
        try
        {
            return new PredictionModel(null, OnnxModel.Load(path, get_num_threads()));
        }
        catch (OnnxExportException e)
        {
            throw new CliException($"'{path}' cannot run on ONNX Runtime: {e.Message} Predict with --runtime torch instead.");
        }
    }

    public Tensor Predict(params Tensor[] inputs) => _torch?.Predict(inputs) ?? _onnx!.Predict(inputs);

    public Tensor PredictProbabilities(params Tensor[] inputs) => _torch?.PredictProbabilities(inputs) ?? _onnx!.PredictProbabilities(inputs);

    /// <summary>A whole table model's inputs for the rows of <paramref name="table"/> (<paramref name="firstRow"/> numbers them in messages).</summary>
    public IReadOnlyList<Array> ColumnValues(Data.Tables.Table table, long firstRow) => _onnx!.ColumnValues(table, firstRow);

    /// <summary>
    /// Runs a whole table model: its raw output, and its probabilities (the graph's, else what the loss makes of the
    /// output, else null), with the output's shape.
    /// </summary>
    public (float[] Output, float[]? Probabilities, long[] Shape) RunColumns(IReadOnlyList<Array> columns, int rows)
    {
        var (output, probabilities, shape) = _onnx!.RunColumns(columns, rows);
        if (probabilities is null && Metadata.OutputLoss is { } loss)
        {
            using var scope = NewDisposeScope();
            probabilities = loss.ToProbabilities(tensor(output, shape)).to(ScalarType.Float32).data<float>().ToArray();
        }
        return (output, probabilities, shape);
    }

    public void Dispose()
    {
        _torch?.Dispose();
        _onnx?.Dispose();
    }
}
