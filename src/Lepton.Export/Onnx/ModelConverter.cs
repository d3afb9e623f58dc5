using Lepton.Nn.Models;

namespace Lepton.Export.Onnx;

/// <summary>
/// Sequential stacks and functional graphs, written layer by layer in execution order; a model inside another is
/// written in place, its layers' values named after them.
/// </summary>
internal static class ModelConverter
{
    public static string Convert(OnnxGraphBuilder graph, Model model, IReadOnlyList<string> inputs)
    {
        if (model is Sequential sequential)
        {
            if (!sequential.IsBuilt) throw LayerConverters.Unsupported(model, "it is not built; give the Sequential an input shape, or run it once");
            var x = inputs[0];
            foreach (var layer in sequential.Layers) x = LayerConverters.Convert(graph, layer, [x]);
            return x;
        }

        if (model.GetType() != typeof(Model) && model.InferenceChain is { Count: > 0 } chain)
        {
            // A subclass computing in its own code whose prediction is its parts one after another (a GAN's discriminator,
            // a VAE's encoder and code mean).
            if (inputs.Count != 1) throw LayerConverters.Unsupported(model, $"its prediction is a chain of layers, which reads one input, but it has {inputs.Count}");
            var x = inputs[0];
            foreach (var layer in chain) x = LayerConverters.Convert(graph, layer, [x]);
            return x;
        }

        if (model.GetType() != typeof(Model))
        {
            throw LayerConverters.Unsupported(model,
                $"it is a subclass of Model ({model.GetType().Name}) that computes in its own code, and its prediction is not a chain of layers (Model.InferenceChain); the exporter writes Sequential and functional models, so export its parts (its own Sequential or functional models) one by one");
        }

        // The functional graph as the model file stores it (Model.GetConfig): slot i is input i, then each node's output
        // in execution order; a node names its layer and the slots it reads.
        var config = model.GetConfig();
        var layers = model.Layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var values = new List<string>(inputs);
        foreach (var node in config.GetNode("nodes").AsArray())
        {
            var layer = layers[node!["layer"]!.GetValue<string>()];
            var inbound = node["inbound"]!.AsArray().Select(slot => values[slot!.GetValue<int>()]).ToArray();
            values.Add(LayerConverters.Convert(graph, layer, inbound));
        }
        return values[config.GetInt("output")];
    }
}
