using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// A 1-D convolution over sequences in channels-first layout: input <c>(channels, length)</c>, output
/// <c>(filters, length')</c>. Causal padding and dilation make it the building block of temporal convolution networks.
/// </summary>
public sealed class Conv1D : Convolution
{
    /// <summary>Creates a convolution with <paramref name="filters"/> output channels.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The kernel's length.</param>
    /// <param name="strides">The step between kernel positions.</param>
    /// <param name="padding">"valid" (no padding), "same" (output length is input length divided by the stride, rounded up) or
    /// "causal" (padded before only, by <c>dilationRate · (kernelSize − 1)</c>, so step t sees no later step).</param>
    /// <param name="activation">The activation's name, or null for none.</param>
    /// <param name="useBias">Whether a bias is added per filter.</param>
    /// <param name="kernelInitializer">How the weights start.</param>
    /// <param name="dilationRate">The step between the kernel's taps; above 1 the kernel covers a wider window with as many weights.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public Conv1D(int filters, int kernelSize, int strides = 1, string padding = "valid", string? activation = null,
                  bool useBias = true, string kernelInitializer = "glorot_uniform", int dilationRate = 1, string? name = null)
        : base(1, filters, kernelSize, strides, padding, activation, useBias, kernelInitializer, dilationRate, name ?? DefaultName<Conv1D>())
    {
    }

    internal Conv1D(LayerConfig config)
        : this(config.GetInt("filters"), config.GetInt("kernel_size"), config.GetInt("strides", 1),
               config.GetString("padding", ConvPadding.Valid)!, config.GetString("activation", null), config.GetBool("use_bias", true),
               config.GetString("kernel_initializer", "glorot_uniform")!, config.GetInt("dilation_rate", 1), config.Name)
    {
    }

    private protected override string Layout => "(channels, length)";

    private protected override Tensor Convolve(Tensor input, Tensor kernel, Tensor? bias, long[] padding) =>
        nn.functional.conv1d(input, kernel, bias, stride: Strides, padding: padding[0], dilation: DilationRate);
}
