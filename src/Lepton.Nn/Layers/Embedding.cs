using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Turns integer ids (word or category indices) into learned vectors: input <c>(T)</c> of ids in
/// <c>[0, inputDim)</c>, output <c>(T, outputDim)</c>; any input shape gains a last dimension of
/// <c>outputDim</c>. Ids may arrive as floats holding whole numbers (a model's input often is float).
/// </summary>
public sealed class Embedding : Layer
{
    // The component name keeps the field and the registered weight the same object when the layer changes device.
    [ComponentName(Name = "embeddings")]
    private Parameter? _embeddings;

    /// <summary>Creates an embedding of <paramref name="inputDim"/> ids into vectors of <paramref name="outputDim"/>.</summary>
    /// <param name="inputDim">The number of distinct ids (the vocabulary size): ids run from 0 to inputDim − 1.</param>
    /// <param name="outputDim">The length of each vector.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public Embedding(int inputDim, int outputDim, string? name = null) : base(name ?? DefaultName<Embedding>())
    {
        InputDim = LayerChecks.InRange(this, inputDim, 1, LayerLimits.MaxVocabulary, nameof(inputDim));
        OutputDim = LayerChecks.Width(this, outputDim, nameof(outputDim));
    }

    internal Embedding(LayerConfig config) : this(config.GetInt("input_dim"), config.GetInt("output_dim"), config.Name)
    {
    }

    /// <summary>The number of distinct ids.</summary>
    public int InputDim { get; }

    /// <summary>The length of each vector.</summary>
    public int OutputDim { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("input_dim", InputDim).Set("output_dim", OutputDim);

    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) =>
        new(OutputFor(SingleInput(inputs)), [new("embeddings", [InputDim, OutputDim])]);

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        // Keras's default: uniform in [-0.05, 0.05].
        using (no_grad())
        {
            _embeddings = AddWeight("embeddings", (rand(InputDim, OutputDim) * 0.1) - 0.05);
        }
        return OutputFor(input);
    }

    private Shape OutputFor(Shape input) => new([.. input.Dimensions, OutputDim]);

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        using var ids = ToIds(input);
        if (ids.numel() > 0)
        {
            var lowest = ids.min().item<long>();
            var highest = ids.max().item<long>();
            if (lowest < 0 || highest >= InputDim)
                throw new ArgumentOutOfRangeException(nameof(input), $"{LayerChecks.Describe(this)} got id {(lowest < 0 ? lowest : highest)}, but its ids must lie in [0, {InputDim - 1}] (input_dim is {InputDim}).");
        }
        var vectors = Vectors(ids);
        if (t_interpolations?.GetValueOrDefault(this) is not { } interpolate) return vectors;
        using (vectors) return interpolate(vectors);
    }

    // Per thread, so a server explaining one request on this model does not touch what another thread's forward pass sees.
    [ThreadStatic]
    private static Dictionary<Embedding, Func<Tensor, Tensor>>? t_interpolations;

    /// <summary>
    /// Used by integrated gradients around one forward pass on this thread: replaces this layer's output vectors by
    /// points on the path from the baseline's vectors to them (null removes it), so attributions reach the tokens
    /// through their vectors.
    /// </summary>
    internal void Interpolate(Func<Tensor, Tensor>? interpolate)
    {
        if (interpolate is null)
        {
            t_interpolations?.Remove(this);
            return;
        }
        (t_interpolations ??= new Dictionary<Embedding, Func<Tensor, Tensor>>(ReferenceEqualityComparer.Instance))[this] = interpolate;
    }

    /// <summary>The vectors of <paramref name="ids"/> (whole numbers in range), without any <see cref="Interpolate"/> replacement.</summary>
    internal Tensor Vectors(Tensor ids)
    {
        using var flat = ids.reshape(-1);
        using var rows = _embeddings!.index_select(0, flat);
        return rows.reshape([.. ids.shape, OutputDim]);
    }

    private Tensor ToIds(Tensor input)
    {
        if (input.dtype == ScalarType.Int64) return input.alias();
        if (input.is_floating_point())
        {
            using var whole = input.eq(input.trunc()).all();
            if (!whole.item<bool>())
                throw new ArgumentException($"{LayerChecks.Describe(this)} takes integer ids, but its input holds fractional values.", nameof(input));
        }
        return input.to(ScalarType.Int64);
    }
}
