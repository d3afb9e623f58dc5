using Lepton.Nn.Layers;
using Lepton.Nn.Models;

namespace Lepton.Nn.Serialization;

/// <summary>
/// The tensors a model file's architecture implies (named as in the model's state_dict) and its output shape,
/// worked out from the configs alone: each layer is constructed, which checks its configuration against its
/// bounds, and asked for its plan; nothing is built and no tensor is allocated.
/// </summary>
internal sealed record ArchitecturePlan(Shape Output, IReadOnlyList<(PlannedTensor Tensor, string Layer)> Tensors)
{
    /// <summary>
    /// The plan of <paramref name="root"/>, a Sequential or functional Model, fed <paramref name="signature"/> when it
    /// declares no input shape of its own. Null when the architecture holds a layer that cannot plan (a custom
    /// layer) or is a registered Model subclass (a GAN, an anomaly detector): its tensors are known only once it is built.
    /// </summary>
    public static ArchitecturePlan? Of(LayerConfig root, IReadOnlyList<Shape>? signature)
    {
        if (root.Type is not ("Sequential" or "Model"))
        {
            // A registered type is rebuilt by its own code, which the loader then checks is a Model.
            if (LayerRegistry.IsRegistered(root.Type)) return null;
            throw new InvalidDataException($"The architecture's top level is a layer of type '{root.Type}', not a Sequential, a Model or a registered Model subclass.");
        }
        var tensors = new List<(PlannedTensor, string)>();
        var output = Plan(root, signature, top: true, "", tensors);
        return output is null ? null : new ArchitecturePlan(output, tensors);
    }

    private static Shape? Plan(LayerConfig config, IReadOnlyList<Shape>? inputs, bool top, string prefix, List<(PlannedTensor, string)> into) =>
        config.Type switch
        {
            "Sequential" => Sequential(config, inputs, top, prefix, into),
            "Model" => Graph(config, inputs, top, prefix, into),
            _ => Layer(config, inputs!, prefix, into),
        };

    private static Shape? Sequential(LayerConfig config, IReadOnlyList<Shape>? inputs, bool top, string prefix, List<(PlannedTensor, string)> into)
    {
        var declared = config.Has("input_shape") ? Checked(config.GetLongs("input_shape"), $"Sequential '{config.Name}': its input_shape") : null;
        Shape input;
        if (declared is not null && top)
        {
            input = declared;
        }
        else
        {
            if (inputs is not { Count: 1 })
                throw new InvalidDataException($"Sequential '{config.Name}' takes one input but {(top ? "the input signature gives" : "is given")} {inputs?.Count ?? 0}.");
            if (declared is not null && !declared.Accepts(inputs[0]))
                throw new InvalidDataException($"Sequential '{config.Name}' expects input of shape {declared.ToBatchString()} but is given {inputs[0].ToBatchString()}.");
            input = declared ?? inputs[0];
        }

        var layers = config.GetConfigs("layers");
        if (layers.Count == 0) throw new InvalidDataException($"Sequential '{config.Name}' has no layers.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        Shape? shape = input;
        foreach (var layer in layers)
        {
            if (!names.Add(layer.Name)) throw new InvalidDataException($"Sequential '{config.Name}' has two layers named '{layer.Name}'.");
            shape = Plan(layer, [shape], top: false, $"{prefix}{layer.Name}.", into);
            if (shape is null) return null;
        }
        return shape;
    }

    private static Shape? Graph(LayerConfig config, IReadOnlyList<Shape>? inputs, bool top, string prefix, List<(PlannedTensor, string)> into)
    {
        var graph = GraphConfig.Parse(config);
        if (!top)
        {
            var fits = inputs is not null && inputs.Count == graph.Inputs.Count && graph.Inputs.Select((d, i) => d.Shape.Accepts(inputs[i])).All(ok => ok);
            if (!fits)
                throw new InvalidDataException($"Model '{config.Name}' expects inputs [{string.Join(", ", graph.Inputs.Select(i => i.Shape.ToBatchString()))}] but is given [{string.Join(", ", inputs?.Select(s => s.ToBatchString()) ?? [])}].");
        }

        var configs = graph.Layers.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var slots = graph.Inputs.Select(i => i.Shape).ToList();
        var applied = new Dictionary<string, (Shape[] Inputs, Shape Output)>(StringComparer.Ordinal);
        foreach (var (name, inbound) in graph.Nodes)
        {
            var shapes = inbound.Select(s => slots[s]).ToArray();
            if (applied.TryGetValue(name, out var first))
            {
                // A layer applied again shares its weights: it must take what it took the first time.
                if (shapes.Length != first.Inputs.Length || shapes.Where((s, i) => !first.Inputs[i].Accepts(s)).Any())
                    throw new InvalidDataException($"Model '{config.Name}': layer '{name}' is applied to [{string.Join(", ", shapes.Select(s => s.ToBatchString()))}] after being built for [{string.Join(", ", first.Inputs.Select(s => s.ToBatchString()))}].");
                slots.Add(first.Output);
                continue;
            }
            var output = Plan(configs[name], shapes, top: false, $"{prefix}{name}.", into);
            if (output is null) return null;
            applied[name] = (shapes, output);
            slots.Add(output);
        }
        return slots[graph.Output];
    }

    private static Shape? Layer(LayerConfig config, IReadOnlyList<Shape> inputs, string prefix, List<(PlannedTensor, string)> into)
    {
        using var layer = LayerRegistry.Create(config);
        var plan = layer.Plan(inputs);
        if (plan is null) return null;
        var described = $"layer '{layer.Name}' ({layer.TypeName})";
        into.AddRange(plan.Tensors.Select(t => (t with { Name = prefix + t.Name }, described)));
        return Checked(plan.Output.Dimensions, $"the output of {described}");
    }

    private static Shape Checked(long[] dims, string what) =>
        LayerLimits.ShapeProblem(dims) is { } problem
            ? throw new InvalidDataException($"{char.ToUpperInvariant(what[0])}{what[1..]} ({string.Join(", ", dims)}) {problem}.")
            : new Shape(dims);
}
