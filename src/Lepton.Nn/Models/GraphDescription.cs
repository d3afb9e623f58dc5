using Lepton.Nn.Layers;

namespace Lepton.Nn.Models;

/// <summary>A functional graph as its config describes it: named input shapes, layer configs, nodes (layer, inbound slots), output slot.</summary>
internal sealed record GraphDescription(
    IReadOnlyList<(string Name, Shape Shape)> Inputs,
    IReadOnlyList<LayerConfig> Layers,
    IReadOnlyList<(string Layer, int[] Inbound)> Nodes,
    int Output);
