using Onnx;

namespace Lepton.Export.Quantization;

/// <summary>
/// An LSTM as ONNX Runtime's <c>com.microsoft.DynamicQuantizeLSTM</c>: W and R symmetric int8, transposed to
/// (directions, inputs, 4·hidden) as that operator takes them, with a scale per gate row (or per direction); the
/// activations are quantized inside the operator at each step. ONNX has no standard quantized LSTM.
/// </summary>
internal static class DynamicLstm
{
    public const string Scheme = "dynamic int8 (com.microsoft.DynamicQuantizeLSTM)";

    public static string? TryRewrite(GraphRewriter graph, NodeProto node, string input, QuantizationOptions options)
    {
        if (!options.QuantizeLstm) return "DynamicQuantizeLSTM is ONNX Runtime's own operator and QuantizeLstm is off";
        if (graph.FloatInitializer(node.Input[1]) is not { } w || graph.FloatInitializer(node.Input[2]) is not { } r)
            return "its W or R is not a float initializer";
        if (w.Dims.Length != 3 || r.Dims.Length != 3) return "its W or R is not of rank 3";
        if (node.Attribute.Any(a => a.Name == "layout" && a.I != 0)) return "DynamicQuantizeLSTM takes time-major input only (layout 0)";

        var (wq, wScale, wZero) = Quantize(graph, node.Input[1], w.Values, w.Dims, options.PerChannel);
        var (rq, rScale, rZero) = Quantize(graph, node.Input[2], r.Values, r.Dims, options.PerChannel);
        var inputs = new List<string> { input, wq, rq };
        for (var i = 3; i < 8; i++) inputs.Add(i < node.Input.Count ? graph.Renames.GetValueOrDefault(node.Input[i], node.Input[i]) : "");
        inputs.AddRange([wScale, wZero, rScale, rZero]);
        graph.Emit("DynamicQuantizeLSTM", inputs, node.Output[0], outputs: [.. node.Output], domain: GraphRewriter.MicrosoftDomain, attributes: [.. node.Attribute]);
        return null;
    }

    /// <summary>(directions, rows, columns) → int8 (directions, columns, rows) with its scales and zero points.</summary>
    private static (string Values, string Scale, string ZeroPoint) Quantize(GraphRewriter graph, string name, float[] values, long[] dims, bool perChannel)
    {
        var (directions, rows, columns) = ((int)dims[0], (int)dims[1], (int)dims[2]);
        var (q, scales) = perChannel
            ? Int8Quantization.Symmetric(values, directions * rows, inner: columns)
            : Int8Quantization.Symmetric(values, directions, inner: (long)rows * columns);
        var transposed = new sbyte[q.Length];
        for (var d = 0; d < directions; d++)
        {
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < columns; j++) transposed[(d * columns + j) * rows + i] = q[(d * rows + i) * columns + j];
            }
        }
        long[] scaleDims = perChannel ? [directions, rows] : [directions];
        return (
            graph.Initializer($"{name}/int8", t => OnnxTensors.Int8(t, transposed, directions, columns, rows)),
            graph.Initializer($"{name}/scale", t => OnnxTensors.Float(t, scales, scaleDims)),
            graph.Initializer($"{name}/zero_point", t => OnnxTensors.Int8(t, new sbyte[scales.Length], scaleDims)));
    }
}
