using Onnx;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Quantization;

/// <summary>
/// A Conv in ONNX's QDQ form, which ONNX Runtime fuses into QLinearConv: the input through QuantizeLinear and
/// DequantizeLinear at its calibrated range (uint8), the weight as an int8 initializer with one scale per output
/// channel (DequantizeLinear axis 0), the bias int32 at input scale × weight scale, and the output (after its ReLU,
/// when one follows) through Q/DQ at its calibrated range, so the whole group is one integer convolution.
/// </summary>
internal static class ConvolutionQdq
{
    public const string Scheme = "static int8 QDQ (QLinearConv)";

    /// <summary>The float-graph values a Conv needs calibrated: its input and its output point; empty when it has no float weight.</summary>
    public static IEnumerable<string> CalibrationTensors(GraphRewriter graph, NodeProto conv)
    {
        if (graph.FloatInitializer(conv.Input[1]) is null) return [];
        return OutputPoint(graph, conv) is { } output ? [conv.Input[0], output] : [conv.Input[0]];
    }

    /// <summary>Writes <paramref name="node"/> in QDQ form and returns null, or returns why it stays float.</summary>
    public static string? TryRewrite(GraphRewriter graph, NodeProto node, string input, QuantizationOptions options)
    {
        if (graph.FloatInitializer(node.Input[1]) is not { } weight) return "its weight is not a float initializer";
        if (options.Calibration is not { } ranges) return "convolutions are quantized statically and need calibration data (--calibration)";
        if (!ranges.TryGetValue(node.Input[0], out var inputRange)) return $"no calibrated range for its input '{node.Input[0]}'";
        var output = OutputPoint(graph, node);
        if (output is not null && !ranges.ContainsKey(output)) return $"no calibrated range for its output '{output}'";

        var x = graph.StaticallyQuantized(input, inputRange);
        var (xScale, _) = Int8Quantization.Asymmetric(inputRange);
        var channels = (int)weight.Dims[0];
        var perChannel = options.PerChannel ? channels : 1;
        var (q, scales) = Int8Quantization.Symmetric(weight.Values, perChannel, inner: weight.Values.Length / channels * (options.PerChannel ? 1 : channels));
        long[] scaleDims = options.PerChannel ? [channels] : [];
        var name = node.Input[1];
        var weightName = graph.Initializer($"{name}/int8", t => OnnxTensors.Int8(t, q, weight.Dims));
        var weightScale = graph.Initializer($"{name}/scale", t => OnnxTensors.Float(t, scales, scaleDims));
        var weightZero = graph.Initializer($"{name}/zero_point", t => OnnxTensors.Int8(t, new sbyte[perChannel], scaleDims));
        var w = graph.Emit("DequantizeLinear", [weightName, weightScale, weightZero], $"{name}/dequantized", attributes: Int("axis", 0))[0];
        List<string> inputs = [x, w];
        if (node.Input.Count > 2 && node.Input[2].Length > 0 && graph.FloatInitializer(node.Input[2]) is { } bias)
        {
            var (bq, bScales) = Int8Quantization.Bias(bias.Values, xScale, scales);
            var biasName = graph.Initializer($"{node.Input[2]}/int32", t => OnnxTensors.Int32(t, bq, bias.Dims));
            var biasScale = graph.Initializer($"{node.Input[2]}/scale", t => OnnxTensors.Float(t, bScales, bias.Dims));
            var biasZero = graph.Initializer($"{node.Input[2]}/zero_point", t => OnnxTensors.Int32(t, new int[bq.Length], bias.Dims));
            inputs.Add(graph.Emit("DequantizeLinear", [biasName, biasScale, biasZero], $"{node.Input[2]}/dequantized", attributes: Int("axis", 0))[0]);
        }
        else if (node.Input.Count > 2 && node.Input[2].Length > 0)
        {
            return "its bias is not a float initializer";
        }

        var conv = node.Clone();
        conv.Input.Clear();
        conv.Input.Add(inputs);
        graph.Nodes.Add(conv);
        if (output is not null) graph.AddOutputPoint(output, ranges[output]);
        return null;
    }

    /// <summary>
    /// Where the quantized output is taken: after the Conv's ReLU when the ReLU is its only reader (ONNX Runtime then
    /// drops the ReLU, as the uint8 range starting at 0 does its work), else the Conv's output; null for a graph output.
    /// </summary>
    private static string? OutputPoint(GraphRewriter graph, NodeProto conv)
    {
        var y = conv.Output[0];
        if (graph.GraphOutputs.Contains(y)) return null;
        var readers = graph.Consumers(y);
        if (readers is [{ OpType: "Relu" } relu] && !graph.GraphOutputs.Contains(relu.Output[0])) return relu.Output[0];
        return y;
    }
}
