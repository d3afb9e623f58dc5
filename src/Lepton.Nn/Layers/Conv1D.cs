using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// A 1-D convolution over sequences in channels-first layout: input <c>(channels, length)</c>, output
/// <c>(filters, length')</c>.
/// </summary>
public sealed class Conv1D : Layer
{
    // Component names keep the fields and the registered weights the same objects when the layer changes device.
    [ComponentName(Name = "weight")]
    private Parameter? _kernel;
    [ComponentName(Name = "bias")]
    private Parameter? _bias;
    private readonly Func<Tensor, Tensor> _activationFunction;

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
        : base(name ?? DefaultName<Conv1D>())
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

    internal Conv1D(LayerConfig config)
        : this(config.GetInt("filters"), config.GetInt("kernel_size"), config.GetInt("strides", 1),
               config.GetString("padding", ConvPadding.Valid)!, config.GetString("activation", null), config.GetBool("use_bias", true),
               config.GetString("kernel_initializer", "glorot_uniform")!, config.Name)
    {
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }

    /// <summary>The kernel's length.</summary>
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
        if (input.Rank != 2 || input[0] < 1)
            throw LayerChecks.WrongInput(this, input, "(channels, length) with a known number of channels");
        var length = ConvPadding.OutputLength(input[1], KernelSize, Strides, Padding);
        if (length == 0)
            throw new ShapeMismatchException(
                $"{LayerChecks.Describe(this)}: its kernel of size {KernelSize} does not fit input of shape {input.ToBatchString()}; use padding \"same\" or a smaller kernel.");

        var channels = input[0];
        _kernel = AddWeight("weight", Initializers.Create(KernelInitializer, [Filters, channels, KernelSize], channels * KernelSize, (long)Filters * KernelSize));
        if (UseBias) _bias = AddWeight("bias", zeros(Filters));
        return new Shape(Filters, length);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        var x = input;
        long pad = 0;
        if (Padding == ConvPadding.Same)
        {
            var (before, after) = ConvPadding.SameAmounts(input.shape[2], KernelSize, Strides);
            if (before == after) pad = before;
            else x = nn.functional.pad(input, [before, after]);
        }
        var y = nn.functional.conv1d(x, _kernel!, _bias, stride: Strides, padding: pad);
        return Activation is null ? y : _activationFunction(y);
    }
}
