using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Runs a recurrent layer (<see cref="SimpleRNN"/>, <see cref="LSTM"/>, <see cref="GRU"/>) over a sequence
/// <c>(time steps, features)</c> forwards and a second copy, with its own weights, backwards, and merges the two
/// results, as Keras's Bidirectional does. With returnSequences the backward outputs are put back in time order, so
/// step t of both halves belongs to input step t; without it the halves are each direction's final state.
/// </summary>
public sealed class Bidirectional : Layer
{
    private const string Concat = "concat";
    private static readonly string[] MergeModes = [Concat, "sum", "mul", "ave"];

    // Component names match the names the copies are registered under, so each weight appears once in the state_dict.
    [ComponentName(Name = "forward")]
    private readonly Recurrent _forward;
    [ComponentName(Name = "backward")]
    private readonly Recurrent _backward;
    private readonly LayerConfig _layerConfig;

    /// <summary>Wraps <paramref name="layer"/>: its configuration is copied twice, once per direction.</summary>
    /// <param name="layer">An unbuilt, one-directional SimpleRNN, LSTM or GRU; its configuration is copied, the instance itself is not used.</param>
    /// <param name="mergeMode">How the two directions combine: "concat" (side by side, twice the units), "sum", "mul" or "ave".</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public Bidirectional(Recurrent layer, string mergeMode = Concat, string? name = null)
        : base(name ?? DefaultName<Bidirectional>())
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.IsBuilt)
            throw new ArgumentException(
                $"{LayerChecks.Describe(this)}: the wrapped layer '{layer.Name}' is already built; pass a new, unbuilt layer (its weights would not be used).", nameof(layer));
        (_forward, _backward, _layerConfig) = Wrap(layer.GetConfig());
        MergeMode = CheckedMergeMode(mergeMode);
    }

    internal Bidirectional(LayerConfig config) : base(config.Name)
    {
        (_forward, _backward, _layerConfig) = Wrap(config.GetConfig("layer"));
        MergeMode = CheckedMergeMode(config.GetString("merge_mode", Concat)!);
    }

    /// <summary>The copy that reads the sequence from first step to last.</summary>
    public Recurrent ForwardLayer => _forward;

    /// <summary>The copy that reads the sequence from last step to first.</summary>
    public Recurrent BackwardLayer => _backward;

    /// <summary>"concat", "sum", "mul" or "ave".</summary>
    public string MergeMode { get; }

    /// <summary>Whether every step's output is returned rather than only the final states.</summary>
    public bool ReturnSequences => _forward.ReturnSequences;

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("layer", _layerConfig).Set("merge_mode", MergeMode);

    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs)
    {
        var input = Checked(SingleInput(inputs));
        var forward = _forward.Plan([input])!;
        var backward = _backward.Plan([input])!;
        var tensors = forward.Tensors.Select(t => t.Under(_forward.Name)).Concat(backward.Tensors.Select(t => t.Under(_backward.Name))).ToList();
        return new(Merged(forward.Output), tensors);
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        Checked(input);
        var output = _forward.Build([input]);
        _backward.Build([input]);
        return Merged(output);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        using var scope = NewDisposeScope();
        var forward = _forward.Forward(input);
        var backward = _backward.Forward(input.flip(1));
        if (ReturnSequences) backward = backward.flip(1);
        var merged = MergeMode switch
        {
            Concat => cat([forward, backward], -1),
            "sum" => forward + backward,
            "mul" => forward * backward,
            _ => (forward + backward) / 2,
        };
        return merged.MoveToOuterDisposeScope();
    }

    private Shape Checked(Shape input) =>
        input.Rank == 2 && input[1] >= 1
            ? input
            : throw LayerChecks.WrongInput(this, input, "(time steps, features) with a known number of features");

    private Shape Merged(Shape inner) =>
        MergeMode == Concat ? new Shape([.. inner.Dimensions[..^1], 2 * inner[-1]]) : inner;

    private string CheckedMergeMode(string mergeMode)
    {
        ArgumentNullException.ThrowIfNull(mergeMode);
        var normalized = mergeMode.ToLowerInvariant();
        return MergeModes.Contains(normalized)
            ? normalized
            : throw new ArgumentException(
                $"{LayerChecks.Describe(this)}: unknown mergeMode '{mergeMode}'; use {string.Join(", ", MergeModes.Select(m => $"\"{m}\""))}.", nameof(mergeMode));
    }

    /// <summary>The forward and backward copies of the layer <paramref name="config"/> describes, registered, and the config itself.</summary>
    private (Recurrent Forward, Recurrent Backward, LayerConfig Config) Wrap(LayerConfig config)
    {
        var forward = Copy(config, "forward");
        var backward = Copy(config, "backward");
        return (AddLayer(forward), AddLayer(backward), config);
    }

    private Recurrent Copy(LayerConfig config, string name)
    {
        var json = config.ToJson();
        json["name"] = name;
        Layer copy;
        try
        {
            copy = LayerRegistry.Create(LayerConfig.FromJson(json));
        }
        catch (InvalidDataException ex)
        {
            // A bad inner config from a file: name this layer and the inner one as the file has them, not the copy.
            throw new ArgumentException($"{LayerChecks.Describe(this)}: the wrapped layer '{config.Name}' ({config.Type}) is not valid: {ex.Message}", "layer", ex);
        }
        if (copy is Recurrent { Bidirectional: false } recurrent) return recurrent;
        copy.Dispose();
        var problem = copy is Recurrent
            ? "is bidirectional already; pass it with bidirectional: false"
            : "is not a recurrent layer; wrap a SimpleRNN, LSTM or GRU";
        throw new ArgumentException($"{LayerChecks.Describe(this)}: the wrapped layer '{config.Name}' ({config.Type}) {problem}.", "layer");
    }
}
