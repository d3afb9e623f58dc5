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

    public IReadOnlyList<RawColumn>? Columns => _model.Columns;

    public bool GivesProbabilities => _model.GivesProbabilities;

    public void WarmUp()
    {
        if (_model.Columns is { } columns)
        {
            // One row of missing values: NaN, "" (an int64 column has none, so 0).
            _model.RunColumns([.. columns.Select(c => c.Values([c.Type == RawColumnType.Integer ? (object?)0L : null]))], 1);
            return;
        }
        if (!_model.InputShapes.All(s => s.IsFullyKnown)) return;
        _model.Run(_model.InputShapes.Select(s => new Memory<float>(new float[s.ElementCount])).ToArray(), _model.InputShapes.Select(s => s.WithBatch(1)).ToArray());
    }

    public RunnerOutput Run(IReadOnlyList<InferenceItem> batch, int samples)
    {
        if (_model.Columns is not null) return RunColumns(batch, samples);
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

    // A whole table model: each column's values of every request, joined in order, as the graph's typed inputs.
    private RunnerOutput RunColumns(IReadOnlyList<InferenceItem> batch, int samples)
    {
        var count = _model.Columns!.Count;
        var joined = new Array[count];
        for (var i = 0; i < count; i++)
        {
            if (batch.Count == 1)
            {
                joined[i] = batch[0].Columns![i];
                continue;
            }
            var first = batch[0].Columns![i];
            var all = Array.CreateInstance(first.GetType().GetElementType()!, samples);
            var offset = 0;
            foreach (var item in batch)
            {
                var part = item.Columns![i];
                Array.Copy(part, 0, all, offset, part.Length);
                offset += part.Length;
            }
            joined[i] = all;
        }
        var (outputs, probabilities, shape) = _model.RunColumns(joined, samples);
        return new RunnerOutput(outputs, probabilities ?? Probabilities(outputs, shape), shape[1..]);
    }

    // The loss's own transform (softmax, sigmoid, per head), so both runtimes give the same probabilities.
    private float[]? Probabilities(float[] outputs, long[] shape)
    {
        if (_model.Metadata.OutputLoss is not { } loss) return null;
        using var scope = NewDisposeScope();
        return loss.ToProbabilities(tensor(outputs, shape)).to(ScalarType.Float32).data<float>().ToArray();
    }
}
