using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Export.Onnx;

/// <summary>A layer's named tensors (parameters and running statistics), as the layer registers them.</summary>
internal static class LayerWeights
{
    public static Tensor Get(Layer layer, string name) =>
        Find(layer, name) ?? throw LayerConverters.Unsupported(layer, $"it has no tensor '{name}' (is it built?)");

    public static Tensor? Find(Layer layer, string name) =>
        layer.state_dict().TryGetValue(name, out var tensor) ? tensor : null;

    /// <summary>A float initializer for the layer's tensor <paramref name="name"/>, named after the layer.</summary>
    public static string Initializer(OnnxGraphBuilder graph, Layer layer, string name, string form = "", Func<Tensor, Tensor>? transform = null) =>
        graph.Weight(Get(layer, name), $"{layer.Name}.{name}{(form.Length > 0 ? "." + form : "")}", form, transform);
}
