using Lepton.Export.Onnx;
using Lepton.Export.Quantization;
using Lepton.Nn.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace Lepton.Export.Tests.Quantization;

/// <summary>A model exported, quantized, and both files run in ONNX Runtime on the same inputs.</summary>
internal sealed record QuantizedRun(byte[] Float, QuantizationResult Quantized, float[] FloatOutput, float[] Int8Output, int Classes)
{
    /// <summary>Exports <paramref name="model"/>, calibrates on <paramref name="calibration"/> when given, quantizes, runs both on <paramref name="inputs"/>.</summary>
    public static QuantizedRun Of(Model model, Tensor inputs, Tensor? calibration = null, QuantizationOptions? options = null)
    {
        var bytes = OnnxExport.ToBytes(model);
        IReadOnlyDictionary<string, ActivationRange>? ranges = null;
        if (calibration is not null)
        {
            using var calibrator = new OnnxCalibrator(bytes);
            calibrator.Observe([Value(model.InputNames[0], calibration)]);
            ranges = calibrator.Ranges;
        }
        options ??= new QuantizationOptions();
        var quantized = OnnxQuantizer.Quantize(bytes, new QuantizationOptions { PerChannel = options.PerChannel, QuantizeLstm = options.QuantizeLstm, Calibration = ranges ?? options.Calibration });
        var expected = Run(bytes, model.InputNames[0], inputs);
        var actual = Run(quantized.Bytes, model.InputNames[0], inputs);
        return new(bytes, quantized, expected, actual, (int)model.OutputShape[-1]);
    }

    public static float[] Run(byte[] model, string input, Tensor inputs, string? optimizedPath = null)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        if (optimizedPath is not null) options.OptimizedModelFilePath = optimizedPath;
        using var session = new InferenceSession(model, options);
        using var results = session.Run([Value(input, inputs)]);
        return results.Single().AsTensor<float>().ToArray();
    }

    public static NamedOnnxValue Value(string name, Tensor tensor)
    {
        var data = tensor.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        return NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(data, tensor.shape.Select(d => (int)d).ToArray()));
    }

    /// <summary>The largest difference between the int8 and float outputs, relative to the float outputs' largest magnitude.</summary>
    public double RelativeError => FloatOutput.Zip(Int8Output, (a, b) => Math.Abs(a - b)).Max() / Math.Max(1e-6, FloatOutput.Max(Math.Abs));

    /// <summary>The share of examples whose highest output is the same class in both.</summary>
    public double Agreement
    {
        get
        {
            var rows = FloatOutput.Length / Classes;
            var same = Enumerable.Range(0, rows).Count(r => ArgMax(FloatOutput, r) == ArgMax(Int8Output, r));
            return (double)same / rows;
        }
    }

    public ModelProto Graph => ModelProto.Parser.ParseFrom(Quantized.Bytes);

    private int ArgMax(float[] values, int row)
    {
        var best = 0;
        for (var j = 1; j < Classes; j++)
        {
            if (values[row * Classes + j] > values[row * Classes + best]) best = j;
        }
        return best;
    }
}
