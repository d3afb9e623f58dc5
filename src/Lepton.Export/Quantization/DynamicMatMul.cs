using Onnx;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Quantization;

/// <summary>
/// A Gemm or a MatMul by a weight (Dense, attention projections) in ONNX Runtime's dynamic int8 scheme: the input to
/// uint8 by DynamicQuantizeLinear (scale and zero point from each batch's own range), the weight symmetric int8,
/// MatMulInteger, Cast to float, Mul by input scale × weight scale, then the float bias. ONNX Runtime fuses the chain
/// into one DynamicQuantizeMatMul.
/// </summary>
internal static class DynamicMatMul
{
    public const string Scheme = "dynamic int8 (MatMulInteger)";

    /// <summary>Writes <paramref name="node"/> quantized and returns null, or returns why it stays float.</summary>
    public static string? TryRewrite(GraphRewriter graph, NodeProto node, string input, QuantizationOptions options)
    {
        var isGemm = node.OpType == "Gemm";
        if (isGemm && (Attribute(node, "transA", 0) != 0 || Attribute(node, "alpha", 1f) != 1f || (node.Input.Count > 2 && Attribute(node, "beta", 1f) != 1f)))
            return "a Gemm with transA, alpha or beta is not a Dense layer";
        if (node.Input.Count < 2 || graph.FloatInitializer(node.Input[1]) is not { } weight)
            return "its second input is not a float weight (a product of two activations, as in attention scores)";
        if (graph.Initializers.ContainsKey(node.Input[0])) return "its first input is a constant";
        if (weight.Dims.Length != 2) return $"its weight has rank {weight.Dims.Length}, not 2";

        // The weight as MatMulInteger's B: (inputs, outputs), one column per output.
        var transposed = isGemm && Attribute(node, "transB", 0) != 0;
        var (k, n) = transposed ? (weight.Dims[1], weight.Dims[0]) : (weight.Dims[0], weight.Dims[1]);
        var values = transposed ? Transpose(weight.Values, (int)n, (int)k) : weight.Values;
        var channels = options.PerChannel ? (int)n : 1;
        var (q, scales) = Int8Quantization.Symmetric(values, channels, inner: 1);
        var name = node.Input[1];
        var scaleDims = options.PerChannel ? new[] { n } : [];
        var weightName = graph.Initializer($"{name}/int8", t => OnnxTensors.Int8(t, q, k, n));
        var weightScale = graph.Initializer($"{name}/scale", t => OnnxTensors.Float(t, scales, scaleDims));
        var weightZero = graph.Initializer($"{name}/zero_point", t => OnnxTensors.Int8(t, new sbyte[channels], scaleDims));

        var hint = node.Output[0];
        var (a, aScale, aZero) = graph.DynamicallyQuantized(input);
        var product = graph.Emit("MatMulInteger", [a, weightName, aZero, weightZero], $"{hint}/int32")[0];
        var floats = graph.Emit("Cast", [product], $"{hint}/float", attributes: Int("to", (long)TensorProto.Types.DataType.Float))[0];
        var scale = graph.Emit("Mul", [aScale, weightScale], $"{hint}/scale")[0];
        var hasBias = isGemm && node.Input.Count > 2 && node.Input[2].Length > 0;
        var scaled = graph.Emit("Mul", [floats, scale], $"{hint}/scaled", outputs: hasBias ? null : [node.Output[0]])[0];
        if (hasBias) graph.Emit("Add", [scaled, graph.Renames.GetValueOrDefault(node.Input[2], node.Input[2])], hint, outputs: [node.Output[0]]);
        return null;
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++) result[c * rows + r] = values[r * columns + c];
        }
        return result;
    }

    internal static long Attribute(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;

    internal static float Attribute(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : fallback;
}
