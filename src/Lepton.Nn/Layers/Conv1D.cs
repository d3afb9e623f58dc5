using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// A 1-D convolution over sequences in channels-first layout: input <c>(channels, length)</c>, output
/// <c>(filters, length')</c>.
/// </summary>
public sealed class Conv1D : Convolution
{
    /// <summary>Creates a convolution with <paramref name="filters"/> output channels.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The kernel's length.</param>
    /// <param name="strides">The step between kernel positions.</param>
    /// <param name="padding">"valid" (no padding) or "same" (output length is input length divided by the stride, rounded up).</param>
    /// <param name="activation">The activation's name, or null for none.</param>
    /// <param name="useBias">Whether a bias is added per filter.</param>
    /// <param name="kernelInitializer">How the weights start.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public Conv1D(int filters, int kernelSize, int strides = 1, string padding = "valid", string? activation = null,
                  bool useBias = true, string kernelInitializer = "glorot_uniform", string? name = null)
        : base(1, filters, kernelSize, strides, padding, activation, useBias, kernelInitializer, name ?? DefaultName<Conv1D>())
    {
    }

    internal Conv1D(LayerConfig config)
        : this(config.GetInt("filters"), config.GetInt("kernel_size"), config.GetInt("strides", 1),
               config.GetString("padding", ConvPadding.Valid)!, config.GetString("activation", null), config.GetBool("use_bias", true),
               config.GetString("kernel_initializer", "glorot_uniform")!, config.Name)
    {
    }

    private protected override string Layout => "(channels, length)";

    private protected override Tensor Convolve(Tensor input, Tensor kernel, Tensor? bias, long[] padding) =>
        nn.functional.conv1d(input, kernel, bias, stride: Strides, padding: padding[0]);
}
