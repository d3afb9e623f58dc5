using System.Buffers;
using Lepton.Export.Runtime;
using Lepton.Nn.Models;
using Lepton.Serving.Batching;
using static TorchSharp.torch;

namespace Lepton.Serving.Runtimes;

/// <summary>
/// Forward passes in ONNX Runtime: the requests' rows are copied into pooled buffers that the session reads in place
/// (no per-batch arrays, so no large objects), and the session's intra-op threads are the ones serving gives TorchSharp.
/// </summary>
internal sealed class OnnxRunner : IInferenceRunner
{
    private readonly OnnxModel _model;

    public OnnxRunner(OnnxModel model)
    {
        _model = model;
    }

    public InferenceRuntime Runtime => InferenceRuntime.Onnx;

    public IReadOnlyList<string> InputNames => _model.InputNames;

    public IReadOnlyList<Shape> InputShapes => _model.InputShapes;

    public Shape OutputShape => _model.OutputShape;

    public ModelMetadata Metadata => _model.Metadata;

    public void WarmUp()
    {
        if (!_model.InputShapes.All(s => s.IsFullyKnown)) return;
        _model.Run(_model.InputShapes.Select(s => new Memory<float>(new float[s.ElementCount])).ToArray(), _model.InputShapes.Select(s => s.WithBatch(1)).ToArray());
    }

    public RunnerOutput Run(IReadOnlyList<InferenceItem> batch, int samples)
    {
        var first = batch[0];
        var count = first.Inputs.Length;
        var rented = new float[count][];
        var inputs = new Memory<float>[count];
        var shapes = new long[count][];
        try
        {
            for (var i = 0; i < count; i++)
            {
                var length = 0;
                foreach (var item in batch) length += item.Inputs[i].Length;
                rented[i] = ArrayPool<float>.Shared.Rent(length);
                var offset = 0;
                foreach (var item in batch)
                {
                    item.Inputs[i].CopyTo(rented[i], offset);
                    offset += item.Inputs[i].Length;
                }
                inputs[i] = rented[i].AsMemory(0, length);
                shapes[i] = [samples, .. first.SampleShapes[i]];
            }
            var (outputs, shape) = _model.Run(inputs, shapes);
            return new RunnerOutput(outputs, Probabilities(outputs, shape), shape[1..]);
        }
        finally
        {
            foreach (var r in rented)
            {
                if (r is not null) ArrayPool<float>.Shared.Return(r);
            }
        }
    }

    public void Dispose() => _model.Dispose();

    // The loss's own transform (softmax, sigmoid, per head), so both runtimes give the same probabilities.
    private float[]? Probabilities(float[] outputs, long[] shape)
    {
        if (_model.Metadata.OutputLoss is not { } loss) return null;
        using var scope = NewDisposeScope();
        return loss.ToProbabilities(tensor(outputs, shape)).to(ScalarType.Float32).data<float>().ToArray();
    }
}
