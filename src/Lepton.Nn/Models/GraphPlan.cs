using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Models;

/// <summary>
/// A functional graph flattened into execution order: slot i holds the i-th value computed; the first slots
/// are the model's inputs, each later one is a layer applied to earlier slots.
/// </summary>
internal sealed class GraphPlan
{
    private GraphPlan(IReadOnlyList<Input> inputs, IReadOnlyList<GraphNode> nodes, int outputSlot)
    {
        Inputs = inputs;
        Nodes = nodes;
        OutputSlot = outputSlot;
    }

    public IReadOnlyList<Input> Inputs { get; }

    public IReadOnlyList<GraphNode> Nodes { get; }

    public int OutputSlot { get; }

    /// <summary>Every distinct layer, in first-use order.</summary>
    public IReadOnlyList<Layer> Layers => Nodes.Select(n => n.Layer).Distinct().ToList();

    public static GraphPlan Create(IReadOnlyList<SymbolicTensor> inputs, SymbolicTensor output)
    {
        if (inputs.Count == 0) throw new ArgumentException("A model needs at least one Input.", nameof(inputs));
        var declared = new List<Input>();
        foreach (var input in inputs)
        {
            if (input is not Input i)
                throw new ArgumentException($"Model inputs must be Input objects, but {input} is the output of a layer.", nameof(inputs));
            declared.Add(i);
        }

        var slots = new Dictionary<SymbolicTensor, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < declared.Count; i++) slots[declared[i]] = i;
        var nodes = new List<GraphNode>();
        var visiting = new HashSet<SymbolicTensor>(ReferenceEqualityComparer.Instance);

        int Visit(SymbolicTensor t)
        {
            if (slots.TryGetValue(t, out var known)) return known;
            if (t.Layer is null)
                throw new ArgumentException($"The output depends on an Input that is not among the model's inputs ({t}). Pass every Input the graph uses.", nameof(inputs));
            if (!visiting.Add(t)) throw new ArgumentException($"The graph has a cycle through layer '{t.Layer.Name}'.", nameof(output));
            var inbound = t.Inbound.Select(Visit).ToArray();
            var slot = declared.Count + nodes.Count;
            nodes.Add(new GraphNode(t.Layer, inbound, t.Shape));
            slots[t] = slot;
            return slot;
        }

        var outputSlot = Visit(output);
        return new GraphPlan(declared, nodes, outputSlot);
    }

    public Tensor Run(IReadOnlyList<Tensor> inputs)
    {
        var values = new Tensor[Inputs.Count + Nodes.Count];
        for (var i = 0; i < inputs.Count; i++) values[i] = inputs[i];
        for (var n = 0; n < Nodes.Count; n++)
        {
            var node = Nodes[n];
            var args = new Tensor[node.Inbound.Count];
            for (var k = 0; k < args.Length; k++) args[k] = values[node.Inbound[k]];
            values[Inputs.Count + n] = node.Layer.Invoke(args);
        }
        return values[OutputSlot];
    }

    /// <summary>The name of the value in slot <paramref name="slot"/> for summaries: an input's or a layer's name.</summary>
    public string SlotName(int slot) => slot < Inputs.Count ? Inputs[slot].Name : Nodes[slot - Inputs.Count].Layer.Name;
}

/// <summary>One application of a layer to earlier values of a graph.</summary>
internal sealed record GraphNode(Layer Layer, IReadOnlyList<int> Inbound, Shape OutputShape);
