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
    private readonly InferenceSession _session;
    private readonly IReadOnlyList<string> _inputNames;
    private readonly Shape _outputShape;

    public OnnxSessionModel(byte[] graph, Model source, int threads, Action<IReadOnlyList<NamedOnnxValue>>? observer = null)
        : base(source.Name)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        _session = new InferenceSession(graph, options);
        _inputNames = [.. source.InputNames];
        Observer = observer;
        Metadata = source.Metadata;
        _outputShape = source.OutputShape;
        Build(source.InputShapes);
    }

    public InferenceSession Session => _session;

    /// <summary>The first batch of inputs run, as ONNX Runtime values (null before any).</summary>
    public IReadOnlyList<(string Name, float[] Data, int[] Dims)>? FirstBatch { get; private set; }

    /// <summary>The class predicted for each example run so far (for a model with several outputs per example).</summary>
    public List<int> Predicted { get; } = [];

    private Action<IReadOnlyList<NamedOnnxValue>>? Observer { get; }


    /// <inheritdoc />
    public override IReadOnlyList<string> InputNames => _inputNames;

    /// <inheritdoc />
    protected override bool TakesMultipleInputs => true;

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs) => _outputShape;

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs)
    {
        var values = inputs.Select((t, i) =>
        {
            var data = t.to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
            var dims = t.shape.Select(d => (int)d).ToArray();
            return (Name: _inputNames[i], Data: data, Dims: dims);
        }).ToList();
        FirstBatch ??= values;
        var named = values.Select(v => NamedOnnxValue.CreateFromTensor(v.Name, new DenseTensor<float>(v.Data, v.Dims))).ToList();
        Observer?.Invoke(named);
        using var results = _session.Run(named);
        var output = results.First().AsTensor<float>();
        Record(output);
        return tensor(output.ToArray(), output.Dimensions.ToArray().Select(d => (long)d).ToArray());
    }

    private void Record(Tensor<float> output)
    {
        if (output.Dimensions.Length != 2 || output.Dimensions[1] < 2) return;
        var (rows, classes) = (output.Dimensions[0], output.Dimensions[1]);
        var values = output.ToArray();
        for (var r = 0; r < rows; r++)
        {
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (values[r * classes + c] > values[r * classes + best]) best = c;
            }
            Predicted.Add(best);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _session.Dispose();
        base.Dispose(disposing);
    }
}
