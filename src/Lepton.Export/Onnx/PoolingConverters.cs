using Lepton.Nn.Layers;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary>
/// <see cref="MaxPool2D"/> as MaxPool and <see cref="AvgPool2D"/> as AveragePool, with Keras's "same" padding
/// explicit; <see cref="GlobalAveragePool1D"/> and <see cref="GlobalAveragePool2D"/> as ReduceMean (the 1-D one masked
/// by its ids when it has them).
/// </summary>
internal static class PoolingConverters
{
    public static string MaxPool(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var pool = (Pool2D)layer;
        // Padding never wins a max, as Lepton's -inf padding never does.
        return graph.Node("MaxPool", [inputs[0]], pool.Name,
            Ints("kernel_shape", pool.PoolSize, pool.PoolSize), Ints("strides", pool.Strides, pool.Strides), Pads(pool));
    }

    public static string AvgPool(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var pool = (Pool2D)layer;
        // Lepton averages a border window over its real pixels only: count_include_pad = 0, said explicitly because
        // PyTorch's own default (count_include_pad = True) is the opposite.
        return graph.Node("AveragePool", [inputs[0]], pool.Name,
            Ints("kernel_shape", pool.PoolSize, pool.PoolSize), Ints("strides", pool.Strides, pool.Strides), Pads(pool),
            Int("count_include_pad", 0));
    }

    public static string GlobalAverage2D(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs) =>
        graph.Node("ReduceMean", [inputs[0]], layer.Name, Ints("axes", 2, 3), Int("keepdims", 0));

    public static string GlobalAverage1D(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 1) return graph.Node("ReduceMean", [inputs[0]], layer.Name, Ints("axes", 1), Int("keepdims", 0));

        // With ids: the steps whose id is 0 (padding) are left out, and a sequence of only padding averages to 0.
        var name = layer.Name;
        var padding = graph.Node("Equal", [inputs[1], graph.Scalar(0f)], $"{name}/is_padding");
        var kept = graph.Node("Not", [padding], $"{name}/kept");
        var mask = graph.Node("Cast", [kept], $"{name}/mask", Int("to", (long)global::Onnx.TensorProto.Types.DataType.Float));
        var mask3 = graph.Node("Unsqueeze", [mask, graph.Int64s(-1)], $"{name}/mask_steps");
        var masked = graph.Node("Mul", [inputs[0], mask3], $"{name}/masked");
        var sum = graph.Node("ReduceSum", [masked, graph.Int64s(1)], $"{name}/sum", Int("keepdims", 0));
        var steps = graph.Node("ReduceSum", [mask3, graph.Int64s(1)], $"{name}/steps", Int("keepdims", 0));
        var atLeastOne = graph.Node("Max", [steps, graph.Scalar(1f)], $"{name}/steps_at_least_one");
        return graph.Node("Div", [sum, atLeastOne], name);
    }

    private static global::Onnx.AttributeProto Pads(Pool2D pool) =>
        pool.Padding == KerasPadding.Same
            ? ConvolutionConverters.SamePads(pool.InputShapes[0], pool.PoolSize, pool.Strides)
            : Ints("pads", 0, 0, 0, 0);
}
