using Lepton.Export.Runtime;
using Lepton.Nn.Models;
using Lepton.Serving.Batching;
using static TorchSharp.torch;

namespace Lepton.Serving.Runtimes;

/// <summary>Forward passes in TorchSharp, each in its own dispose scope on the calling thread, with the engine threads serving sets.</summary>
internal sealed class TorchRunner : IInferenceRunner
{
    [ThreadStatic]
    private static int t_engineThreads;
    private readonly Model _model;
    private readonly int _threads;

    public TorchRunner(Model model, int threads)
    {
        _model = model;
        _threads = threads;
    }

    public InferenceRuntime Runtime => InferenceRuntime.Torch;

    /// <summary>The model itself, for what runs beside the batches (explanations).</summary>
    public Model Model => _model;

    public IReadOnlyList<string> InputNames => _model.InputNames;

    public IReadOnlyList<Shape> InputShapes => _model.InputShapes;

    public Shape OutputShape => _model.OutputShape;

    public ModelMetadata Metadata => _model.Metadata;

    public IReadOnlyList<RawColumn>? Columns => null;

    public bool GivesProbabilities => _model.Metadata.OutputLoss is not null;

    public void WarmUp()
    {
        if (!_model.InputShapes.All(s => s.IsFullyKnown)) return;
        using var scope = NewDisposeScope();
        _model.Predict(_model.InputShapes.Select(s => zeros(s.WithBatch(1))).ToArray());
    }

    public RunnerOutput Run(IReadOnlyList<InferenceItem> batch, int samples)
    {
        // libtorch keeps its thread count per thread as well as per process; callers' threads run passes too.
        if (t_engineThreads != _threads)
        {
            set_num_threads(_threads);
            t_engineThreads = _threads;
        }
        using var scope = NewDisposeScope();
        var first = batch[0];
        var inputs = new Tensor[first.Inputs.Length];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = Stack(batch, i, [samples, .. first.SampleShapes[i]]);
        var raw = _model.Predict(inputs);
        if (raw.dtype != ScalarType.Float32) raw = raw.to(ScalarType.Float32);
        var outputs = raw.data<float>().ToArray();
        var probabilities = _model.Metadata.OutputLoss is { } loss ? loss.ToProbabilities(raw).to(ScalarType.Float32).data<float>().ToArray() : null;
        return new RunnerOutput(outputs, probabilities, raw.shape[1..]);
    }

    public void Dispose() => _model.Dispose();

    // The requests' rows are copied straight into one native tensor: a managed array of a whole batch would be a
    // large object (over 85 KB from 28 rows of 28 x 28 images on), and each would bring a full collection nearer.
    private static Tensor Stack(IReadOnlyList<InferenceItem> batch, int input, long[] shape)
    {
        var stacked = empty(shape, ScalarType.Float32);
        using var values = stacked.data<float>();
        long offset = 0;
        foreach (var item in batch)
        {
            values.CopyFrom(item.Inputs[input], 0, offset);
            offset += item.Inputs[input].Length;
        }
        return stacked;
    }
}
