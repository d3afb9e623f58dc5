using Onnx;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Quantization;

/// <summary>
/// An embedding lookup (Gather from a float table) with the table stored as int8, one scale per row: the ids gather
/// int8 rows and their scales, and only the gathered rows become float (Cast, Mul). In a text model the table is
/// usually most of the weights, so this is where most of the size goes.
/// </summary>
internal static class EmbeddingGather
{
    public const string Scheme = "int8 table (Gather, per-row scale)";

    /// <summary>Tables smaller than this stay float: too small to matter, and constants (shapes, positions) are not tables.</summary>
    private const int MinimumElements = 1024;

    /// <summary>Whether <paramref name="node"/> gathers rows of a float table large enough to be an embedding.</summary>
    public static bool IsTable(GraphRewriter graph, NodeProto node) =>
        node.OpType == "Gather" && graph.FloatInitializer(node.Input[0]) is { } table && table.Dims.Length == 2 && table.Values.Length >= MinimumElements
        && DynamicMatMul.Attribute(node, "axis", 0L) == 0;

    public static string? TryRewrite(GraphRewriter graph, NodeProto node, string ids)
    {
        var table = graph.FloatInitializer(node.Input[0])!.Value;
        var (rows, width) = (table.Dims[0], table.Dims[1]);
        var (q, scales) = Int8Quantization.Symmetric(table.Values, (int)rows, inner: width);
        var name = node.Input[0];
        var values = graph.Initializer($"{name}/int8", t => OnnxTensors.Int8(t, q, rows, width));
        var rowScales = graph.Initializer($"{name}/scale", t => OnnxTensors.Float(t, scales, rows, 1));
        var hint = node.Output[0];
        var gathered = graph.Emit("Gather", [values, ids], $"{hint}/int8", attributes: Int("axis", 0))[0];
        var scale = graph.Emit("Gather", [rowScales, ids], $"{hint}/scale", attributes: Int("axis", 0))[0];
        var floats = graph.Emit("Cast", [gathered], $"{hint}/float", attributes: Int("to", (long)TensorProto.Types.DataType.Float))[0];
        graph.Emit("Mul", [floats, scale], hint, outputs: [node.Output[0]]);
        return null;
    }
}
