using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Keeps the largest value of each square window of an image: input <c>(channels, height, width)</c>, output
/// <c>(channels, height', width')</c>. With "same" padding the padded border never wins.
/// </summary>
public sealed class MaxPool2D : Pool2D
{
    /// <summary>Creates a max-pooling layer.</summary>
    /// <param name="poolSize">The window's height and width.</param>
    /// <param name="strides">The step between windows; null means <paramref name="poolSize"/> (windows do not overlap).</param>
    /// <param name="padding">"valid" (windows stay inside the image) or "same" (output size is input size divided by the stride, rounded up).</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public MaxPool2D(int poolSize = 2, int? strides = null, string padding = "valid", string? name = null)
        : base(poolSize, strides, padding, name ?? DefaultName<MaxPool2D>())
    {
    }

    internal MaxPool2D(LayerConfig config)
        : this(config.GetInt("pool_size", 2), config.Has("strides") ? config.GetInt("strides") : null,
               config.GetString("padding", ConvPadding.Valid)!, config.Name)
    {
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        var x = Padding == ConvPadding.Same ? PadSame(input, double.NegativeInfinity) : input;
        return nn.functional.max_pool2d(x, [PoolSize, PoolSize], strides: [Strides, Strides]);
    }
}
