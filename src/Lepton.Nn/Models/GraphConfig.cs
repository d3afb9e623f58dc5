using System.Text.Json.Nodes;
using Lepton.Nn.Layers;

namespace Lepton.Nn.Models;

/// <summary>Writes a functional graph as a layer config and rebuilds it: inputs, layers, and which slots feed each node.</summary>
internal static class GraphConfig
{
    public static LayerConfig Write(Model model, GraphPlan graph)
    {
        var inputs = new JsonArray(graph.Inputs
            .Select(i => (JsonNode?)new JsonObject
            {
                ["name"] = i.Name,
                ["shape"] = new JsonArray(i.Shape.Dimensions.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            }).ToArray());
        var nodes = new JsonArray(graph.Nodes
            .Select(n => (JsonNode?)new JsonObject
            {
                ["layer"] = n.Layer.Name,
                ["inbound"] = new JsonArray(n.Inbound.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            }).ToArray());
        return new LayerConfig("Model", model.Name)
            .Set("inputs", inputs)
            .Set("layers", graph.Layers.Select(l => l.GetConfig()).ToList())
            .Set("nodes", nodes)
            .Set("output", graph.OutputSlot);
    }

    public static (IReadOnlyList<SymbolicTensor> Inputs, SymbolicTensor Output) Read(LayerConfig config)
    {
        var graph = Parse(config);
        var inputs = graph.Inputs.Select(i => new Input(i.Shape, i.Name)).ToList();
        var layers = graph.Layers.ToDictionary(c => c.Name, LayerRegistry.Create, StringComparer.Ordinal);
        var slots = new List<SymbolicTensor>(inputs);
        foreach (var (layer, inbound) in graph.Nodes) slots.Add(layers[layer].Apply(inbound.Select(s => slots[s]).ToArray()));
        return (inputs, slots[graph.Output]);
    }

    /// <summary>
    /// The graph a config describes, checked to hold together without creating any layer: every input has a name
    /// and a shape, layer names are unique, every node applies a defined layer to slots already computed, every
    /// layer is used and the output is a computed slot.
    /// </summary>
    public static GraphDescription Parse(LayerConfig config)
    {
        var inputs = config.GetNode("inputs") is JsonArray declared
            ? declared.Select((n, i) => ParseInput(config, n, i)).ToList()
            : throw Invalid(config, "'inputs' is not a list of inputs");
        if (inputs.Count == 0) throw Invalid(config, "it has no inputs");

        var layers = config.GetConfigs("layers");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (!names.Add(layer.Name)) throw Invalid(config, $"two layers are both named '{layer.Name}'");
        }

        var nodes = new List<(string Layer, int[] Inbound)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var list = config.GetNode("nodes") as JsonArray ?? throw Invalid(config, "'nodes' is not a list of nodes");
        foreach (var node in list)
        {
            var slot = inputs.Count + nodes.Count;
            if (node?["layer"] is not JsonValue layerValue || !layerValue.TryGetValue<string>(out var layerName))
                throw Invalid(config, $"node {slot} names no layer");
            if (!names.Contains(layerName)) throw Invalid(config, $"a node uses layer '{layerName}', which the model does not define");
            if (node["inbound"] is not JsonArray inboundList || inboundList.Count == 0)
                throw Invalid(config, $"the node of layer '{layerName}' has no inbound slots");
            var inbound = inboundList.Select(s => s is JsonValue v && v.TryGetValue<int>(out var i) && i >= 0 && i < slot
                ? i
                : throw Invalid(config, $"the node of layer '{layerName}' reads slot {s?.ToJsonString() ?? "null"}, which is not computed before it (the graph is out of order or corrupted)")).ToArray();
            nodes.Add((layerName, inbound));
            used.Add(layerName);
        }
        if (names.FirstOrDefault(n => !used.Contains(n)) is { } unused) throw Invalid(config, $"layer '{unused}' is defined but no node uses it");

        var output = config.GetInt("output");
        if (output < inputs.Count || output >= inputs.Count + nodes.Count)
            throw Invalid(config, $"the output slot {output} is not a computed slot (the graph is out of order or corrupted)");
        return new GraphDescription(inputs, layers, nodes, output);
    }

    private static (string Name, Shape Shape) ParseInput(LayerConfig config, JsonNode? node, int index)
    {
        if (node?["name"] is not JsonValue name || !name.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
            throw Invalid(config, $"input {index} has no name");
        if (node["shape"] is not JsonArray dims || dims.Any(d => d is not JsonValue v || !v.TryGetValue<long>(out _)))
            throw Invalid(config, $"input '{text}' has no shape (a list of whole numbers)");
        var shape = dims.Select(d => d!.GetValue<long>()).ToArray();
        if (LayerLimits.ShapeProblem(shape) is { } problem) throw Invalid(config, $"input '{text}' has shape ({string.Join(", ", shape)}), which {problem}");
        return (text, new Shape(shape));
    }

    private static InvalidDataException Invalid(LayerConfig config, string problem) => new($"Model '{config.Name}': {problem}.");
}
