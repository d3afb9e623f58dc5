using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Lepton.Export.Quantization;

/// <summary>
/// Calibration for static quantization: runs the float graph in ONNX Runtime on sample inputs, with the values
/// <see cref="OnnxQuantizer.CalibrationTensors"/> names added as graph outputs, and keeps each one's minimum and
/// maximum (min–max calibration, ONNX Runtime's default), for <see cref="QuantizationOptions.Calibration"/>.
/// </summary>
public sealed class OnnxCalibrator : IDisposable
{
    private readonly InferenceSession? _session;
    private readonly HashSet<string> _graphInputs;
    private readonly Dictionary<string, ActivationRange> _ranges = new(StringComparer.Ordinal);

    /// <summary>Prepares calibration of the float ONNX file <paramref name="model"/>, run on <paramref name="threads"/> threads.</summary>
    /// <exception cref="QuantizationException">The bytes are not an ONNX model.</exception>
    public OnnxCalibrator(byte[] model, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        Tensors = OnnxQuantizer.CalibrationTensors(model);
        var proto = OnnxQuantizer.Parse(model);
        _graphInputs = proto.Graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var outputs = proto.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in Tensors.Where(t => !_graphInputs.Contains(t) && !outputs.Contains(t)))
        {
            proto.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }
        if (Tensors.Count == 0) return;
        using var options = new SessionOptions { IntraOpNumThreads = Math.Max(1, threads), InterOpNumThreads = 1 };
        _session = new InferenceSession(proto.ToByteArray(), options);
    }

    /// <summary>The values whose ranges are recorded (empty for a graph without convolutions).</summary>
    public IReadOnlyList<string> Tensors { get; }

    /// <summary>Examples observed so far (the first dimension of each batch's first input).</summary>
    public long Samples { get; private set; }

    /// <summary>Each recorded value's range over the examples observed.</summary>
    public IReadOnlyDictionary<string, ActivationRange> Ranges => _ranges;

    /// <summary>Runs one batch of inputs (named as the graph's inputs) and widens the ranges with what it produced.</summary>
    public void Observe(IReadOnlyCollection<NamedOnnxValue> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) return;
        Samples += inputs.First().AsTensor<float>().Dimensions[0];
        if (_session is null) return;
        foreach (var input in inputs.Where(i => Tensors.Contains(i.Name))) Widen(input.Name, input.AsTensor<float>());
        var wanted = Tensors.Where(t => !_graphInputs.Contains(t)).ToList();
        if (wanted.Count == 0) return;
        using var results = _session.Run(inputs, wanted);
        foreach (var result in results) Widen(result.Name, result.AsTensor<float>());
    }

    private void Widen(string name, Microsoft.ML.OnnxRuntime.Tensors.Tensor<float> values)
    {
        var (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (min > max) return;
        var range = new ActivationRange(min, max);
        _ranges[name] = _ranges.TryGetValue(name, out var known) ? known.Union(range) : range;
    }

    /// <inheritdoc />
    public void Dispose() => _session?.Dispose();
}
