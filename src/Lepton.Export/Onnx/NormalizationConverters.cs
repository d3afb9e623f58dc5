using Lepton.Nn.Layers;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary>
/// <see cref="BatchNorm"/> as BatchNormalization in inference mode (the running statistics), and <see cref="LayerNorm"/>
/// as LayerNormalization from opset 17, or the operators it stands for below.
/// </summary>
internal static class NormalizationConverters
{
    public static string BatchNorm(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var norm = (BatchNorm)layer;
        return graph.Node("BatchNormalization",
            [
                inputs[0],
                LayerWeights.Initializer(graph, norm, "weight"),
                LayerWeights.Initializer(graph, norm, "bias"),
                LayerWeights.Initializer(graph, norm, "running_mean"),
                LayerWeights.Initializer(graph, norm, "running_var"),
            ],
            norm.Name, Float("epsilon", norm.Epsilon));
    }

    public static string LayerNorm(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var norm = (LayerNorm)layer;
        var gamma = LayerWeights.Initializer(graph, norm, "weight");
        var beta = LayerWeights.Initializer(graph, norm, "bias");
        if (graph.Opset >= 17)
            return graph.Node("LayerNormalization", [inputs[0], gamma, beta], norm.Name, Int("axis", -1), Float("epsilon", norm.Epsilon));

        var name = norm.Name;
        var mean = graph.Node("ReduceMean", [inputs[0]], $"{name}/mean", Ints("axes", -1), Int("keepdims", 1));
        var centred = graph.Node("Sub", [inputs[0], mean], $"{name}/centred");
        var squared = graph.Node("Mul", [centred, centred], $"{name}/squared");
        var variance = graph.Node("ReduceMean", [squared], $"{name}/variance", Ints("axes", -1), Int("keepdims", 1));
        var padded = graph.Node("Add", [variance, graph.Scalar((float)norm.Epsilon)], $"{name}/variance_eps");
        var deviation = graph.Node("Sqrt", [padded], $"{name}/deviation");
        var normalized = graph.Node("Div", [centred, deviation], $"{name}/normalized");
        var scaled = graph.Node("Mul", [normalized, gamma], $"{name}/scaled");
        return graph.Node("Add", [scaled, beta], name);
    }
}
