using Lepton.Nn.Layers;
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

        var plan = model.Graph ?? throw LayerConverters.Unsupported(model,
            $"it is a subclass of Model ({model.GetType().Name}) that computes in its own code; the exporter writes Sequential and functional models");
        var values = new List<string>(inputs);
        foreach (var node in plan.Nodes)
            values.Add(LayerConverters.Convert(graph, node.Layer, node.Inbound.Select(slot => values[slot]).ToArray()));
        return values[plan.OutputSlot];
    }
}
