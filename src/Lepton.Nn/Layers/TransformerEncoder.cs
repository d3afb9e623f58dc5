using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// One transformer encoder block over sequences <c>(time steps, features)</c>, post-norm as in the Keras
/// examples: <c>x = LayerNorm(x + Dropout(SelfAttention(x)))</c>, then
/// <c>x = LayerNorm(x + Dropout(Dense(features)(Dense(feedForwardDim, activation)(x))))</c>. The shape does not change.
/// </summary>
public sealed class TransformerEncoder : Layer
{
    private MultiHeadAttention? _attention;
    private Dropout? _attentionDropout;
    private LayerNorm? _attentionNorm;
    private Dense? _feedForward;
    private Dense? _projection;
    private Dropout? _feedForwardDropout;
    private LayerNorm? _feedForwardNorm;

    /// <summary>Creates an encoder block.</summary>
    /// <param name="numHeads">The number of attention heads.</param>
    /// <param name="feedForwardDim">The width of the hidden layer of the feed-forward part.</param>
    /// <param name="dropout">The share of values dropped in training after attention and after the feed-forward part.</param>
    /// <param name="activation">The feed-forward hidden layer's activation.</param>
    /// <param name="keyDim">The size of each head's query and key; null means the number of features divided by <paramref name="numHeads"/>.</param>
    /// <param name="epsilon">The layer normalizations' epsilon.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public TransformerEncoder(int numHeads, int feedForwardDim, double dropout = 0.1, string activation = "relu", int? keyDim = null,
                              double epsilon = 1e-6, string? name = null)
        : base(name ?? DefaultName<TransformerEncoder>())
    {
        NumHeads = LayerChecks.AtLeastOne(this, numHeads, nameof(numHeads));
        FeedForwardDim = LayerChecks.AtLeastOne(this, feedForwardDim, nameof(feedForwardDim));
        Dropout = LayerChecks.Fraction(this, dropout, nameof(dropout));
        Activation = LayerChecks.ActivationName(this, activation);
        KeyDim = keyDim is { } k ? LayerChecks.AtLeastOne(this, k, nameof(keyDim)) : null;
        Epsilon = LayerChecks.Positive(this, epsilon, nameof(epsilon));
    }

    internal TransformerEncoder(LayerConfig config)
        : this(config.GetInt("num_heads"), config.GetInt("feed_forward_dim"), config.GetDouble("dropout", 0.1),
               config.GetString("activation", "relu")!, config.Has("key_dim") ? config.GetInt("key_dim") : null,
               config.GetDouble("epsilon", 1e-6), config.Name)
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

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("num_heads", NumHeads).Set("feed_forward_dim", FeedForwardDim).Set("dropout", Dropout)
        .Set("activation", Activation ?? "linear").Set("key_dim", KeyDim).Set("epsilon", Epsilon);

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        if (input.Rank != 2 || input[1] < 1)
            throw LayerChecks.WrongInput(this, input, "(time steps, features) with a known number of features");
        var features = checked((int)input[1]);
        if (KeyDim is null && features % NumHeads != 0)
            throw new ShapeMismatchException(
                $"{LayerChecks.Describe(this)}: the {features} features of input {input.ToBatchString()} do not split evenly into {NumHeads} heads; pass keyDim.");
        var keyDim = KeyDim ?? features / NumHeads;

        _attention = Sub(new MultiHeadAttention(NumHeads, keyDim, name: "attention"), input);
        _attentionDropout = Sub(new Dropout(Dropout, name: "attention_dropout"), input);
        _attentionNorm = Sub(new LayerNorm(Epsilon, name: "attention_norm"), input);
        _feedForward = Sub(new Dense(FeedForwardDim, Activation, name: "feed_forward"), input);
        _projection = Sub(new Dense(features, name: "projection"), new Shape(input[0], FeedForwardDim));
        _feedForwardDropout = Sub(new Dropout(Dropout, name: "feed_forward_dropout"), input);
        _feedForwardNorm = Sub(new LayerNorm(Epsilon, name: "feed_forward_norm"), input);
        return input;
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

    private T Sub<T>(T layer, Shape input) where T : Layer
    {
        AddLayer(layer);
        layer.Build([input]);
        layer.train(training);
        return layer;
    }
}
