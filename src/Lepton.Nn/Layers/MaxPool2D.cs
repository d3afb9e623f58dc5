using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Keeps the largest value of each square window of an image: input <c>(channels, height, width)</c>, output
/// <c>(channels, height', width')</c>. With "same" padding the padded border never wins.
/// </summary>
public sealed class MaxPool2D : Layer
{
    /// <summary>Creates a max-pooling layer.</summary>
    /// <param name="poolSize">The window's height and width.</param>
    /// <param name="strides">The step between windows; null means <paramref name="poolSize"/> (windows do not overlap).</param>
    /// <param name="padding">"valid" (windows stay inside the image) or "same" (output size is input size divided by the stride, rounded up).</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public MaxPool2D(int poolSize = 2, int? strides = null, string padding = "valid", string? name = null)
        : base(name ?? DefaultName<MaxPool2D>())
    {
        PoolSize = LayerChecks.AtLeastOne(this, poolSize, nameof(poolSize));
        Strides = LayerChecks.AtLeastOne(this, strides ?? poolSize, nameof(strides));
        Padding = ConvPadding.Validate(this, padding);
    }

    internal MaxPool2D(LayerConfig config)
        : this(config.GetInt("pool_size", 2), config.Has("strides") ? config.GetInt("strides") : null,
               config.GetString("padding", ConvPadding.Valid)!, config.Name)
    {
    }

    /// <summary>The window's height and width.</summary>
    public int PoolSize { get; }

    /// <summary>The step between windows.</summary>
    public int Strides { get; }

    /// <summary>"valid" or "same".</summary>
    public string Padding { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("pool_size", PoolSize).Set("strides", Strides).Set("padding", Padding);

    /// <inheritdoc />
    protected override Shape Build(Shape input) => Pooling.OutputShape(this, input, PoolSize, Strides, Padding);

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        var x = Padding == ConvPadding.Same ? Pooling.PadSame(input, PoolSize, Strides, double.NegativeInfinity) : input;
        return nn.functional.max_pool2d(x, [PoolSize, PoolSize], strides: [Strides, Strides]);
    }
}
