using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// One transformer encoder block over sequences <c>(time steps, features)</c>, post-norm as in the Keras
/// examples: <c>x = LayerNorm(x + Dropout(SelfAttention(x)))</c>, then
/// <c>x = LayerNorm(x + Dropout(Dense(features)(Dense(feedForwardDim, activation)(x))))</c>. The shape does not change.
/// With a causal mask each step attends only to itself and earlier steps, so the block suits decoders and forecasters.
/// </summary>
public sealed class TransformerEncoder : Layer
{
    // Component names match the names the sub-layers are registered under, so each weight appears once in the state_dict.
    [ComponentName(Name = "attention")]
    private MultiHeadAttention? _attention;
    [ComponentName(Name = "attention_dropout")]
    private Dropout? _attentionDropout;
    [ComponentName(Name = "attention_norm")]
    private LayerNorm? _attentionNorm;
    [ComponentName(Name = "feed_forward")]
    private Dense? _feedForward;
    [ComponentName(Name = "projection")]
    private Dense? _projection;
    [ComponentName(Name = "feed_forward_dropout")]
    private Dropout? _feedForwardDropout;
    [ComponentName(Name = "feed_forward_norm")]
    private LayerNorm? _feedForwardNorm;

    /// <summary>Creates an encoder block.</summary>
    /// <param name="numHeads">The number of attention heads.</param>
    /// <param name="feedForwardDim">The width of the hidden layer of the feed-forward part.</param>
    /// <param name="dropout">The share of values dropped in training after attention and after the feed-forward part.</param>
    /// <param name="activation">The feed-forward hidden layer's activation.</param>
    /// <param name="keyDim">The size of each head's query and key; null means the number of features divided by <paramref name="numHeads"/>.</param>
    /// <param name="epsilon">The layer normalizations' epsilon.</param>
    /// <param name="useCausalMask">Whether step t attends only to steps 0 … t (see <see cref="MultiHeadAttention.UseCausalMask"/>).</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public TransformerEncoder(int numHeads, int feedForwardDim, double dropout = 0.1, string activation = "relu", int? keyDim = null,
                              double epsilon = 1e-6, bool useCausalMask = false, string? name = null)
        : base(name ?? DefaultName<TransformerEncoder>())
    {
        NumHeads = LayerChecks.InRange(this, numHeads, 1, LayerLimits.MaxHeads, nameof(numHeads));
        FeedForwardDim = LayerChecks.Width(this, feedForwardDim, nameof(feedForwardDim));
        Dropout = LayerChecks.Fraction(this, dropout, nameof(dropout));
        Activation = LayerChecks.ActivationName(this, activation);
        KeyDim = keyDim is { } k ? LayerChecks.Width(this, k, nameof(keyDim)) : null;
        Epsilon = LayerChecks.Positive(this, epsilon, nameof(epsilon));
        UseCausalMask = useCausalMask;
    }

    internal TransformerEncoder(LayerConfig config)
        : this(config.GetInt("num_heads"), config.GetInt("feed_forward_dim"), config.GetDouble("dropout", 0.1),
               config.GetString("activation", "relu")!, config.Has("key_dim") ? config.GetInt("key_dim") : null,
               config.GetDouble("epsilon", 1e-6), config.GetBool("use_causal_mask", false), config.Name)
    {
    }

    /// <summary>The number of attention heads.</summary>
    public int NumHeads { get; }

    /// <summary>The width of the feed-forward hidden layer.</summary>
    public int FeedForwardDim { get; }

    /// <summary>The share of values dropped in training.</summary>
    public double Dropout { get; }

    /// <summary>The feed-forward hidden layer's activation, or null for none.</summary>
    public string? Activation { get; }

    /// <summary>The size of each head's query and key, or null to split the features evenly across heads.</summary>
    public int? KeyDim { get; }

    /// <summary>The layer normalizations' epsilon.</summary>
    public double Epsilon { get; }

    /// <summary>Whether step t attends only to steps 0 … t.</summary>
    public bool UseCausalMask { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("num_heads", NumHeads).Set("feed_forward_dim", FeedForwardDim).Set("dropout", Dropout)
        .Set("activation", Activation ?? "linear").Set("key_dim", KeyDim).Set("epsilon", Epsilon)
        .Set("use_causal_mask", UseCausalMask ? true : null);

    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs)
    {
        var input = SingleInput(inputs);
        return PlanOfParts(input, Parts(input).WithInputs());
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        var parts = Parts(input);
        foreach (var (layer, shape) in parts.WithInputs()) Sub(layer, shape);
        (_attention, _attentionDropout, _attentionNorm) = (parts.Attention, parts.AttentionDropout, parts.AttentionNorm);
        (_feedForward, _projection, _feedForwardDropout, _feedForwardNorm) = (parts.FeedForward, parts.Projection, parts.FeedForwardDropout, parts.FeedForwardNorm);
        return input;
    }

    /// <summary>The block's sub-layers for input of <paramref name="input"/> shape; Build and Plan share them.</summary>
    private Blocks Parts(Shape input)
    {
        if (input.Rank != 2 || input[1] < 1)
            throw LayerChecks.WrongInput(this, input, "(time steps, features) with a known number of features");
        var features = checked((int)input[1]);
        if (KeyDim is null && features % NumHeads != 0)
            throw new ShapeMismatchException(
                $"{LayerChecks.Describe(this)}: the {features} features of input {input.ToBatchString()} do not split evenly into {NumHeads} heads; pass keyDim.");
        var keyDim = KeyDim ?? features / NumHeads;
        return new Blocks(
            new MultiHeadAttention(NumHeads, keyDim, name: "attention", useCausalMask: UseCausalMask),
            new Dropout(Dropout, name: "attention_dropout"),
            new LayerNorm(Epsilon, name: "attention_norm"),
            new Dense(FeedForwardDim, Activation, name: "feed_forward"),
            new Dense(features, name: "projection"),
            new Dropout(Dropout, name: "feed_forward_dropout"),
            new LayerNorm(Epsilon, name: "feed_forward_norm"),
            input);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        using var scope = NewDisposeScope();
        var attended = _attentionDropout!.Forward(_attention!.Forward(input));
        var x = _attentionNorm!.Forward(input + attended);
        var transformed = _feedForwardDropout!.Forward(_projection!.Forward(_feedForward!.Forward(x)));
        return _feedForwardNorm!.Forward(x + transformed).MoveToOuterDisposeScope();
    }

    private void Sub(Layer layer, Shape input)
    {
        AddLayer(layer);
        layer.Build([input]);
        layer.train(training);
    }

    private sealed record Blocks(
        MultiHeadAttention Attention, Dropout AttentionDropout, LayerNorm AttentionNorm, Dense FeedForward, Dense Projection,
        Dropout FeedForwardDropout, LayerNorm FeedForwardNorm, Shape Input)
    {
        /// <summary>Each sub-layer, in registration order, with the shape it reads.</summary>
        public IReadOnlyList<(Layer Layer, Shape Input)> WithInputs() =>
        [
            (Attention, Input), (AttentionDropout, Input), (AttentionNorm, Input), (FeedForward, Input),
            (Projection, new Shape(Input[0], FeedForward.Units)), (FeedForwardDropout, Input), (FeedForwardNorm, Input),
        ];
    }
}
