using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Multi-head scaled dot-product attention over sequences <c>(time steps, features)</c>. Given one input it is
/// self-attention; given two, <c>(query, value)</c>, the query attends to the value (which also serves as key).
/// The output has the query's shape. With a causal mask (for decoders and forecasters) query step t attends only to
/// steps 0 … t, as Keras's <c>use_causal_mask</c>.
/// </summary>
public sealed class MultiHeadAttention : Layer
{
    // Component names match the names the sub-layers are registered under, so each weight appears once in the state_dict.
    [ComponentName(Name = "query")]
    private Dense? _query;
    [ComponentName(Name = "key")]
    private Dense? _key;
    [ComponentName(Name = "value")]
    private Dense? _value;
    [ComponentName(Name = "output")]
    private Dense? _output;

    /// <summary>Creates an attention layer.</summary>
    /// <param name="numHeads">The number of attention heads.</param>
    /// <param name="keyDim">The size of each head's query and key.</param>
    /// <param name="valueDim">The size of each head's value; null means <paramref name="keyDim"/>.</param>
    /// <param name="dropout">The share of attention weights dropped in training.</param>
    /// <param name="useBias">Whether the projections add a bias.</param>
    /// <param name="useCausalMask">Whether query step t attends only to steps 0 … t (Keras's use_causal_mask, fixed here when the layer is made).</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public MultiHeadAttention(int numHeads, int keyDim, int? valueDim = null, double dropout = 0, bool useBias = true,
                              bool useCausalMask = false, string? name = null)
        : base(name ?? DefaultName<MultiHeadAttention>())
    {
        NumHeads = LayerChecks.InRange(this, numHeads, 1, LayerLimits.MaxHeads, nameof(numHeads));
        KeyDim = LayerChecks.Width(this, keyDim, nameof(keyDim));
        ValueDim = LayerChecks.Width(this, valueDim ?? keyDim, nameof(valueDim));
        Dropout = LayerChecks.Fraction(this, dropout, nameof(dropout));
        UseBias = useBias;
        UseCausalMask = useCausalMask;
    }

    internal MultiHeadAttention(LayerConfig config)
        : this(config.GetInt("num_heads"), config.GetInt("key_dim"), config.Has("value_dim") ? config.GetInt("value_dim") : null,
               config.GetDouble("dropout", 0), config.GetBool("use_bias", true),
               config.GetBool("use_causal_mask", false), config.Name)
    {
    }

    /// <summary>The number of attention heads.</summary>
    public int NumHeads { get; }

    /// <summary>The size of each head's query and key.</summary>
    public int KeyDim { get; }

    /// <summary>The size of each head's value.</summary>
    public int ValueDim { get; }

    /// <summary>The share of attention weights dropped in training.</summary>
    public double Dropout { get; }

    /// <summary>Whether the projections add a bias.</summary>
    public bool UseBias { get; }

    /// <summary>Whether query step t attends only to steps 0 … t.</summary>
    public bool UseCausalMask { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("num_heads", NumHeads).Set("key_dim", KeyDim).Set("value_dim", ValueDim).Set("dropout", Dropout).Set("use_bias", UseBias)
        .Set("use_causal_mask", UseCausalMask ? true : null);

    /// <inheritdoc />
    protected override bool TakesMultipleInputs => true;

    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) =>
        PlanOfParts(Query(inputs), Projections(inputs).Select(p => ((Layer)p.Layer, p.Input)).ToList());

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs)
    {
        var query = Query(inputs);
        var projections = Projections(inputs);
        foreach (var (layer, input) in projections) Sub(layer, input);
        (_query, _key, _value, _output) = (projections[0].Layer, projections[1].Layer, projections[2].Layer, projections[3].Layer);
        return query;
    }

    /// <summary>The query's shape (the output's), after checking every input.</summary>
    private Shape Query(IReadOnlyList<Shape> inputs)
    {
        if (inputs.Count is < 1 or > 2)
            throw new ShapeMismatchException($"{LayerChecks.Describe(this)} takes one input (self-attention) or two (query, value), but was given {inputs.Count}: [{string.Join(", ", inputs.Select(s => s.ToBatchString()))}].");
        foreach (var shape in inputs)
        {
            if (shape.Rank != 2 || shape[1] < 1)
                throw LayerChecks.WrongInput(this, shape, "(time steps, features) with a known number of features");
        }
        return inputs[0];
    }

    /// <summary>The query, key, value and output projections, each with the shape it reads; Build and Plan share them.</summary>
    private (Dense Layer, Shape Input)[] Projections(IReadOnlyList<Shape> inputs)
    {
        var query = Query(inputs);
        var value = inputs[^1];
        return
        [
            (new Dense(NumHeads * KeyDim, useBias: UseBias, name: "query"), query),
            (new Dense(NumHeads * KeyDim, useBias: UseBias, name: "key"), value),
            (new Dense(NumHeads * ValueDim, useBias: UseBias, name: "value"), value),
            (new Dense(checked((int)query[1]), useBias: UseBias, name: "output"), new Shape(query[0], NumHeads * ValueDim)),
        ];
    }

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs)
    {
        using var scope = NewDisposeScope();
        var query = inputs[0];
        var value = inputs[^1];
        var q = Heads(_query!.Forward(query), KeyDim);
        var k = Heads(_key!.Forward(value), KeyDim);
        var v = Heads(_value!.Forward(value), ValueDim);
        var attended = nn.functional.scaled_dot_product_attention(q, k, v, p: training ? Dropout : 0, is_casual: UseCausalMask);
        var merged = attended.transpose(1, 2).reshape(query.shape[0], query.shape[1], NumHeads * ValueDim);
        return _output!.Forward(merged).MoveToOuterDisposeScope();
    }

    /// <summary>(N, T, heads·size) → (N, heads, T, size).</summary>
    private Tensor Heads(Tensor projected, int size) =>
        projected.reshape(projected.shape[0], projected.shape[1], NumHeads, size).transpose(1, 2);

    private void Sub(Layer layer, Shape input)
    {
        AddLayer(layer);
        layer.Build([input]);
        layer.train(training);
    }
}
