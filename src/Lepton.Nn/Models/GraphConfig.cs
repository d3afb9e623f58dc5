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
        var inputs = config.GetNode("inputs").AsArray()
            .Select(n => new Input(new Shape(n!["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray()), n["name"]!.GetValue<string>()))
            .ToList();
        var layers = config.GetConfigs("layers").Select(LayerRegistry.Create).ToDictionary(l => l.Name, StringComparer.Ordinal);
        var slots = new List<SymbolicTensor>(inputs);
        foreach (var node in config.GetNode("nodes").AsArray())
        {
            var layerName = node!["layer"]!.GetValue<string>();
            if (!layers.TryGetValue(layerName, out var layer))
                throw new InvalidDataException($"Model '{config.Name}': a node uses layer '{layerName}', which the model does not define.");
            var inbound = node["inbound"]!.AsArray().Select(s => SlotAt(config, slots, s!.GetValue<int>())).ToArray();
            slots.Add(layer.Apply(inbound));
        }
        return (inputs, SlotAt(config, slots, config.GetInt("output")));
    }

    private static SymbolicTensor SlotAt(LayerConfig config, List<SymbolicTensor> slots, int slot) =>
        slot >= 0 && slot < slots.Count
            ? slots[slot]
            : throw new InvalidDataException($"Model '{config.Name}': slot {slot} is used before it is computed (the graph is out of order or corrupted).");
}
