using Lepton.Nn.Layers;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary>Layers that combine several inputs: <see cref="Add"/>, <see cref="Multiply"/>, <see cref="Concatenate"/>, <see cref="WeightedAverage"/>.</summary>
internal static class MergeConverters
{
    public static string Add(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs) => Chain(graph, "Add", inputs, layer.Name);

    public static string Multiply(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs) => Chain(graph, "Mul", inputs, layer.Name);

    public static string Concatenate(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        // The layer's axis counts without the batch dimension; a negative one counts from the end either way.
        var axis = ((Concatenate)layer).Axis;
        return graph.Node("Concat", inputs, layer.Name, Int("axis", axis < 0 ? axis : axis + 1));
    }

    public static string WeightedAverage(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var weights = ((WeightedAverage)layer).Weights;
        var scaled = inputs.Select((x, i) => graph.Node("Mul", [x, graph.Scalar((float)weights[i])], $"{layer.Name}/weighted")).ToList();
        return Chain(graph, "Add", scaled, layer.Name);
    }

    /// <summary>The inputs folded left to right by a binary operator, as the layers compute them.</summary>
    private static string Chain(OnnxGraphBuilder graph, string op, IReadOnlyList<string> inputs, string name)
    {
        var result = inputs[0];
        for (var i = 1; i < inputs.Count; i++)
            result = graph.Node(op, [result, inputs[i]], i == inputs.Count - 1 ? name : $"{name}/partial");
        return result;
    }
}
