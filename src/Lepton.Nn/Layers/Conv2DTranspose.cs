using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// A transposed 2-D convolution (sometimes called deconvolution) over images in channels-first layout: input
/// <c>(channels, height, width)</c>, output <c>(filters, height', width')</c>, the way a decoder or generator grows
/// an image. Sizes follow Keras: "same" gives <c>height · strides</c>, "valid" gives
/// <c>(height − 1) · strides + kernelSize</c> (at least <c>height · strides</c>); "same" is the exact transpose of
/// <see cref="Conv2D"/>'s "same", odd extra pixel after included.
/// </summary>
public sealed class Conv2DTranspose : Layer
{
    // Component names keep the fields and the registered weights the same objects when the layer changes device.
    [ComponentName(Name = "weight")]
    private Parameter? _kernel;
    [ComponentName(Name = "bias")]
    private Parameter? _bias;
    private readonly Func<Tensor, Tensor> _activationFunction;

    /// <summary>Creates a transposed convolution with <paramref name="filters"/> output channels and a square kernel.</summary>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The kernel's height and width.</param>
    /// <param name="strides">The upsampling factor: the step between the kernel's placements in the output, in both directions.</param>
    /// <param name="padding">"valid" (every placement whole) or "same" (output size is input size times the stride).</param>
    /// <param name="outputPadding">Extra rows and columns added after, from 0 to <paramref name="strides"/> − 1, to pick among
    /// the output sizes a strided convolution maps back from; null uses Keras's default for <paramref name="padding"/>.</param>
    /// <param name="activation">The activation's name, or null for none.</param>
    /// <param name="useBias">Whether a bias is added per filter.</param>
    /// <param name="kernelInitializer">How the weights start.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public Conv2DTranspose(int filters, int kernelSize, int strides = 1, string padding = "valid", int? outputPadding = null,
                           string? activation = null, bool useBias = true, string kernelInitializer = "glorot_uniform", string? name = null)
        : base(name ?? DefaultName<Conv2DTranspose>())
    {
        Filters = LayerChecks.Width(this, filters, nameof(filters));
        KernelSize = LayerChecks.Window(this, kernelSize, nameof(kernelSize));
        Strides = LayerChecks.Window(this, strides, nameof(strides));
        Padding = ConvPadding.Validate(this, padding);
        OutputPadding = outputPadding is { } extra ? LayerChecks.InRange(this, extra, 0, Strides - 1, nameof(outputPadding)) : null;
        Activation = LayerChecks.ActivationName(this, activation);
        _activationFunction = Activations.Get(Activation);
        UseBias = useBias;
        KernelInitializer = LayerChecks.InitializerName(this, kernelInitializer);
    }

    internal Conv2DTranspose(LayerConfig config)
        : this(config.GetInt("filters"), config.GetInt("kernel_size"), config.GetInt("strides", 1),
               config.GetString("padding", ConvPadding.Valid)!, config.Has("output_padding") ? config.GetInt("output_padding") : null,
               config.GetString("activation", null), config.GetBool("use_bias", true),
               config.GetString("kernel_initializer", "glorot_uniform")!, config.Name)
    {
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }

    /// <summary>The kernel's height and width.</summary>
    public int KernelSize { get; }

    /// <summary>The upsampling factor in both directions.</summary>
    public int Strides { get; }

    /// <summary>"valid" or "same".</summary>
    public string Padding { get; }

    /// <summary>The extra rows and columns after, or null for Keras's default.</summary>
    public int? OutputPadding { get; }

    /// <summary>The activation's name, or null for none.</summary>
    public string? Activation { get; }

    /// <summary>Whether a bias is added per filter.</summary>
    public bool UseBias { get; }

    /// <summary>How the weights start.</summary>
    public string KernelInitializer { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("filters", Filters).Set("kernel_size", KernelSize).Set("strides", Strides).Set("padding", Padding)
        .Set("output_padding", OutputPadding).Set("activation", Activation).Set("use_bias", UseBias)
        .Set("kernel_initializer", KernelInitializer);

    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs)
    {
        var input = SingleInput(inputs);
        var output = OutputFor(input);
        List<PlannedTensor> tensors = [new("weight", KernelShape(input[0]))];
        if (UseBias) tensors.Add(new("bias", [Filters]));
        return new(output, tensors);
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        var output = OutputFor(input);
        var channels = input[0];
        long receptive = (long)KernelSize * KernelSize;
        // Keras's kernel is (k, k, filters, channels): it reads filters·k² values into each channel.
        _kernel = AddWeight("weight", Initializers.Create(KernelInitializer, KernelShape(channels), Filters * receptive, channels * receptive));
        if (UseBias) _bias = AddWeight("bias", zeros(Filters));
        return output;
    }

    private Shape OutputFor(Shape input)
    {
        if (input.Rank != 3 || input[0] < 1)
            throw LayerChecks.WrongInput(this, input, "(channels, height, width) with a known number of channels");
        var (height, width) = (OutputLength(input[1]), OutputLength(input[2]));
        if (height == 0 || width == 0)
            throw new ShapeMismatchException(
                $"{LayerChecks.Describe(this)}: outputPadding {OutputPadding} with an even kernel of size {KernelSize} leaves no output for input of shape {input.ToBatchString()}; use a larger outputPadding or input.");
        return new Shape(Filters, height, width);
    }

    // The engine's kernel layout for a transposed convolution: (in channels, out channels, k, k).
    private long[] KernelShape(long channels) => [channels, Filters, KernelSize, KernelSize];

    /// <summary>Keras's output length for <paramref name="input"/> (-1 when unknown).</summary>
    private long OutputLength(long input)
    {
        if (input < 0) return -1;
        if (Padding == ConvPadding.Valid)
            return ((input - 1) * Strides) + KernelSize + (OutputPadding ?? Math.Max(Strides - KernelSize, 0));
        return OutputPadding is { } extra ? ((input - 1) * Strides) + (KernelSize % 2) + extra : input * Strides;
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        using var scope = NewDisposeScope();
        var height = Crop(input.shape[2]);
        var width = Crop(input.shape[3]);
        // The full transposed convolution, extended after by what the crop needs (always fewer than the stride), then
        // cropped as the transpose of "same" pads: the smaller half before, so the odd extra pixel is cut after.
        var full = nn.functional.conv_transpose2d(input, _kernel!, _bias, strides: [Strides, Strides], padding: [0, 0],
                                                  output_padding: [height.Extra, width.Extra]);
        var y = full.narrow(2, height.Start, height.Length).narrow(3, width.Start, width.Length);
        return (Activation is null ? y.contiguous() : _activationFunction(y)).MoveToOuterDisposeScope();
    }

    /// <summary>Where the output starts in the full transposed convolution, its length, and the rows the full one lacks after.</summary>
    private (long Start, long Length, long Extra) Crop(long input)
    {
        var length = OutputLength(input);
        var full = ((input - 1) * Strides) + KernelSize;
        var start = Padding == ConvPadding.Same ? Math.Max(full - length, 0) / 2 : 0;
        return (start, length, Math.Max(start + length - full, 0));
    }
}
