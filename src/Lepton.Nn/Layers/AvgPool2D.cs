using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Averages each square window of an image: input <c>(channels, height, width)</c>, output
/// <c>(channels, height', width')</c>. With "same" padding a window at the border averages only the real pixels.
/// </summary>
public sealed class AvgPool2D : Pool2D
{
    /// <summary>Creates an average-pooling layer.</summary>
    /// <param name="poolSize">The window's height and width.</param>
    /// <param name="strides">The step between windows; null means <paramref name="poolSize"/> (windows do not overlap).</param>
    /// <param name="padding">"valid" (windows stay inside the image) or "same" (output size is input size divided by the stride, rounded up).</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public AvgPool2D(int poolSize = 2, int? strides = null, string padding = "valid", string? name = null)
        : base(poolSize, strides, padding, name ?? DefaultName<AvgPool2D>())
    {
    }

    internal AvgPool2D(LayerConfig config)
        : this(config.GetInt("pool_size", 2), config.Has("strides") ? config.GetInt("strides") : null,
               config.GetString("padding", ConvPadding.Valid)!, config.Name)
    {
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        long[] window = [PoolSize, PoolSize], strides = [Strides, Strides];
        if (Padding == ConvPadding.Valid) return nn.functional.avg_pool2d(input, window, strides);

        // Average over the real pixels only: pool the zero-padded input, then divide by the share of each
        // window that lies inside the image.
        var sums = nn.functional.avg_pool2d(PadSame(input, 0), window, strides);
        using var inside = ones([1, 1, input.shape[2], input.shape[3]], input.dtype, input.device);
        using var padded = PadSame(inside, 0);
        using var share = nn.functional.avg_pool2d(padded, window, strides);
        return sums.div_(share);
    }
}
