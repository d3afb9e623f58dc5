using Lepton.Nn.Layers;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary>Every activation Lepton's layers accept by name, and the <see cref="Activation"/> layer.</summary>
internal static class ActivationConverter
{
    public static string Convert(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs) =>
        Apply(graph, ((Activation)layer).FunctionName, inputs[0], layer.Name) ?? graph.Node("Identity", [inputs[0]], layer.Name);

    /// <summary>The activation <paramref name="name"/> applied to <paramref name="x"/>; null for none (or linear).</summary>
    public static string? Apply(OnnxGraphBuilder graph, string? name, string x, string hint) => name?.ToLowerInvariant() switch
    {
        null or "linear" => null,
        "relu" => graph.Node("Relu", [x], hint),
        // The slopes are Lepton's (Activations.cs): leaky_relu 0.2, elu 1.0.
        "leaky_relu" => graph.Node("LeakyRelu", [x], hint, Float("alpha", 0.2)),
        "elu" => graph.Node("Elu", [x], hint, Float("alpha", 1.0)),
        "gelu" => Gelu(graph, x, hint),
        "tanh" => graph.Node("Tanh", [x], hint),
        "sigmoid" => graph.Node("Sigmoid", [x], hint),
        "softmax" => graph.Node("Softmax", [x], hint, Int("axis", -1)),
        _ => throw new OnnxExportException($"The activation '{name}' (in layer '{hint}') has no ONNX form in this exporter."),
    };

    /// <summary>The exact (erf) GELU libtorch computes by default; ONNX's own Gelu operator only arrives in opset 20.</summary>
    private static string Gelu(OnnxGraphBuilder graph, string x, string hint)
    {
        var scaled = graph.Node("Div", [x, graph.Scalar(MathF.Sqrt(2f))], $"{hint}/gelu_scaled");
        var erf = graph.Node("Erf", [scaled], $"{hint}/gelu_erf");
        var shifted = graph.Node("Add", [erf, graph.Scalar(1f)], $"{hint}/gelu_shifted");
        var half = graph.Node("Mul", [x, graph.Scalar(0.5f)], $"{hint}/gelu_half");
        return graph.Node("Mul", [half, shifted], hint);
    }
}
