using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// A 2-D convolution over images in channels-first layout: input <c>(channels, height, width)</c>, output
/// <c>(filters, height', width')</c>, with square kernels and strides.
/// </summary>
public sealed class Conv2D : Layer
{
    // Component names keep the fields and the registered weights the same objects when the layer changes device.
    [ComponentName(Name = "weight")]
    private Parameter? _kernel;
    [ComponentName(Name = "bias")]
    private Parameter? _bias;
    private readonly Func<Tensor, Tensor> _activationFunction;

    /// <summary>Creates a convolution with <paramref name="filters"/> output channels and a square kernel.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The kernel's height and width.</param>
    /// <param name="strides">The step between kernel positions, in both directions.</param>
    /// <param name="padding">"valid" (no padding) or "same" (output size is input size divided by the stride, rounded up).</param>
    /// <param name="activation">The activation's name, or null for none.</param>
    /// <param name="useBias">Whether a bias is added per filter.</param>
    /// <param name="kernelInitializer">How the weights start.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public Conv2D(int filters, int kernelSize, int strides = 1, string padding = "valid", string? activation = null,
                  bool useBias = true, string kernelInitializer = "glorot_uniform", string? name = null)
        : base(name ?? DefaultName<Conv2D>())
    {
        Filters = LayerChecks.AtLeastOne(this, filters, nameof(filters));
        KernelSize = LayerChecks.AtLeastOne(this, kernelSize, nameof(kernelSize));
        Strides = LayerChecks.AtLeastOne(this, strides, nameof(strides));
        Padding = ConvPadding.Validate(this, padding);
        Activation = LayerChecks.ActivationName(this, activation);
        _activationFunction = Activations.Get(Activation);
        UseBias = useBias;
        KernelInitializer = LayerChecks.InitializerName(this, kernelInitializer);
    }

    internal Conv2D(LayerConfig config)
        : this(config.GetInt("filters"), config.GetInt("kernel_size"), config.GetInt("strides", 1),
               config.GetString("padding", ConvPadding.Valid)!, config.GetString("activation", null), config.GetBool("use_bias", true),
               config.GetString("kernel_initializer", "glorot_uniform")!, config.Name)
    {
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }

    /// <summary>The kernel's height and width.</summary>
    public int KernelSize { get; }

    /// <summary>The step between kernel positions.</summary>
    public int Strides { get; }

    /// <summary>"valid" or "same".</summary>
    public string Padding { get; }

    /// <summary>The activation's name, or null for none.</summary>
    public string? Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>How the weights start.</summary>
    public string KernelInitializer { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("filters", Filters).Set("kernel_size", KernelSize).Set("strides", Strides).Set("padding", Padding)
        .Set("activation", Activation).Set("use_bias", UseBias).Set("kernel_initializer", KernelInitializer);

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        if (input.Rank != 3 || input[0] < 1)
            throw LayerChecks.WrongInput(this, input, "(channels, height, width) with a known number of channels");
        var height = ConvPadding.OutputLength(input[1], KernelSize, Strides, Padding);
        var width = ConvPadding.OutputLength(input[2], KernelSize, Strides, Padding);
        if (height == 0 || width == 0)
            throw new ShapeMismatchException(
                $"{LayerChecks.Describe(this)}: its {KernelSize}x{KernelSize} kernel does not fit input of shape {input.ToBatchString()}; use padding \"same\" or a smaller kernel.");

        var channels = input[0];
        var receptive = (long)KernelSize * KernelSize;
        _kernel = AddWeight("weight", Initializers.Create(KernelInitializer, [Filters, channels, KernelSize, KernelSize], channels * receptive, Filters * receptive));
        if (UseBias) _bias = AddWeight("bias", zeros(Filters));
        return new Shape(Filters, height, width);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        var x = input;
        long padHeight = 0, padWidth = 0;
        if (Padding == ConvPadding.Same)
        {
            var (top, bottom) = ConvPadding.SameAmounts(input.shape[2], KernelSize, Strides);
            var (left, right) = ConvPadding.SameAmounts(input.shape[3], KernelSize, Strides);
            if (top == bottom && left == right)
            {
                (padHeight, padWidth) = (top, left);
            }
            else
            {
                x = nn.functional.pad(input, [left, right, top, bottom]);
            }
        }
        var y = nn.functional.conv2d(x, _kernel!, _bias, strides: [Strides, Strides], padding: [padHeight, padWidth]);
        return Activation is null ? y : _activationFunction(y);
    }
}
