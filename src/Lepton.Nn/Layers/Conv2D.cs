using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// A 2-D convolution over images in channels-first layout: input <c>(channels, height, width)</c>, output
/// <c>(filters, height', width')</c>, with square kernels and strides.
/// </summary>
public sealed class Conv2D : Convolution
{
    /// <summary>Creates a convolution with <paramref name="filters"/> output channels and a square kernel.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The kernel's height and width.</param>
    /// <param name="strides">The step between kernel positions, in both directions.</param>
    /// <param name="padding">"valid" (no padding) or "same" (output size is input size divided by the stride, rounded up).</param>
    /// <param name="activation">The activation's name, or null for none.</param>
    /// <param name="useBias">Whether a bias is added per filter.</param>
    /// <param name="kernelInitializer">How the weights start.</param>
    /// <param name="dilationRate">The step between the kernel's taps; above 1 the kernel covers a wider window with as many weights.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public Conv2D(int filters, int kernelSize, int strides = 1, string padding = "valid", string? activation = null,
                  bool useBias = true, string kernelInitializer = "glorot_uniform", int dilationRate = 1, string? name = null)
        : base(2, filters, kernelSize, strides, padding, activation, useBias, kernelInitializer, dilationRate, name ?? DefaultName<Conv2D>())
    {
    }

    internal Conv2D(LayerConfig config)
        : this(config.GetInt("filters"), config.GetInt("kernel_size"), config.GetInt("strides", 1),
               config.GetString("padding", ConvPadding.Valid)!, config.GetString("activation", null), config.GetBool("use_bias", true),
               config.GetString("kernel_initializer", "glorot_uniform")!, config.GetInt("dilation_rate", 1), config.Name)
    {
    }

    private protected override string Layout => "(channels, height, width)";

    private protected override Tensor Convolve(Tensor input, Tensor kernel, Tensor? bias, long[] padding) =>
        nn.functional.conv2d(input, kernel, bias, strides: [Strides, Strides], padding: padding, dilation: [DilationRate, DilationRate]);
}
