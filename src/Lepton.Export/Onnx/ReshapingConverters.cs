using Lepton.Nn.Layers;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary>Layers that only move values around: <see cref="Flatten"/>, <see cref="Reshape"/>, and <see cref="Dropout"/> (the identity at inference).</summary>
internal static class ReshapingConverters
{
    public static string Flatten(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs) =>
        graph.Node("Flatten", [inputs[0]], layer.Name, Int("axis", 1));

    public static string Reshape(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        // 0 keeps the batch dimension as it is; the example's dimensions follow, at most one of them -1.
        var target = graph.Int64s([0, .. ((Reshape)layer).TargetShape.Dimensions]);
        return graph.Node("Reshape", [inputs[0], target], layer.Name);
    }

    public static string Dropout(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs) =>
        graph.Node("Identity", [inputs[0]], layer.Name);
}
