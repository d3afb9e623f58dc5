using Lepton.Export.Runtime;
using Lepton.Nn.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace Lepton.Cli.Commands.Compress;

/// <summary>
/// An ONNX graph in an ONNX Runtime session, seen as a Lepton model (the source model's inputs, output shape, class
/// names, preprocessing and loss), so the evaluator that scores <c>lepton evaluate</c>'s data scores the float and the
/// int8 graph in exactly the same way. It keeps the first batch it sees for the latency measurement, and hands each
/// batch to an optional observer (calibration).
/// </summary>
internal sealed class OnnxSessionModel : Model
{
    private readonly OnnxModel _onnx;
    private readonly Shape _outputShape;

    public OnnxSessionModel(byte[] graph, Model source, int threads, Action<IReadOnlyList<NamedOnnxValue>>? observer = null)
        : base(source.Name)
    {
        _onnx = OnnxModel.FromGraph(graph, source, threads);
        Observer = observer;
        Metadata = source.Metadata;
        _outputShape = source.OutputShape;
        Build(source.InputShapes);
    }

    public InferenceSession Session => _onnx.Session;

    /// <summary>The first batch of inputs run, as ONNX Runtime values (null before any).</summary>
    public IReadOnlyList<(string Name, float[] Data, int[] Dims)>? FirstBatch { get; private set; }

    /// <summary>The class predicted for each example run so far (for a model with several outputs per example).</summary>
    public List<int> Predicted { get; } = [];

    private Action<IReadOnlyList<NamedOnnxValue>>? Observer { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> InputNames => _onnx.InputNames;

    /// <inheritdoc />
    protected override bool TakesMultipleInputs => true;

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs) => _outputShape;

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs)
    {
        if (FirstBatch is null || Observer is not null)
        {
            var values = inputs.Select((t, i) => (
                Name: _onnx.InputNames[i],
                Data: t.to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray(),
                Dims: t.shape.Select(d => (int)d).ToArray())).ToList();
            FirstBatch ??= values;
            Observer?.Invoke([.. values.Select(v => NamedOnnxValue.CreateFromTensor(v.Name, new DenseTensor<float>(v.Data, v.Dims)))]);
        }
        var output = _onnx.Predict([.. inputs]);
        Record(output);
        return output;
    }

    private void Record(Tensor output)
    {
        if (output.dim() != 2 || output.shape[1] < 2) return;
        Predicted.AddRange(output.argmax(1).data<long>().ToArray().Select(c => (int)c));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _onnx.Dispose();
        base.Dispose(disposing);
    }
}
