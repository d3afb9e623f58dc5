using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// What <see cref="Conv1D"/> and <see cref="Conv2D"/> share: filters, a square kernel, stride and dilation, Keras's
/// "valid"/"same" padding ("causal" too for <see cref="Conv1D"/>), an activation, and the channels-first layout
/// <c>(channels, spatial…)</c>.
/// </summary>
public abstract class Convolution : Layer
{
    // Component names keep the fields and the registered weights the same objects when the layer changes device.
    [ComponentName(Name = "weight")]
    private Parameter? _kernel;
    [ComponentName(Name = "bias")]
    private Parameter? _bias;
    private readonly Func<Tensor, Tensor> _activationFunction;
    private readonly int _spatialRank;

    private protected Convolution(int spatialRank, int filters, int kernelSize, int strides, string padding, string? activation,
                                  bool useBias, string kernelInitializer, int dilationRate, string name)
        : base(name)
    {
        _spatialRank = spatialRank;
        Filters = LayerChecks.Width(this, filters, nameof(filters));
        KernelSize = LayerChecks.Window(this, kernelSize, nameof(kernelSize));
        Strides = LayerChecks.Window(this, strides, nameof(strides));
        Padding = ConvPadding.Validate(this, padding, allowCausal: spatialRank == 1);
        DilationRate = LayerChecks.Window(this, dilationRate, nameof(dilationRate));
        Activation = LayerChecks.ActivationName(this, activation);
        _activationFunction = Activations.Get(Activation);
        UseBias = useBias;
        KernelInitializer = LayerChecks.InitializerName(this, kernelInitializer);
    }

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }

    /// <summary>The kernel's size along each spatial dimension.</summary>
    public int KernelSize { get; }

    /// <summary>The step between kernel positions, along each spatial dimension.</summary>
    public int Strides { get; }

    /// <summary>"valid", "same" or (1-D only) "causal".</summary>
    public string Padding { get; }

    /// <summary>The step between the kernel's taps (Keras's dilation_rate): 1 for an ordinary convolution.</summary>
    public int DilationRate { get; }

    /// <summary>The span the dilated kernel covers along each spatial dimension.</summary>
    private long Span => ((long)DilationRate * (KernelSize - 1)) + 1;

    /// <summary>The activation's name, or null for none.</summary>
    public string? Activation { get; }

    /// <summary>Whether a bias is added per filter.</summary>
    public bool UseBias { get; }

    /// <summary>How the weights start.</summary>
    public string KernelInitializer { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("filters", Filters).Set("kernel_size", KernelSize).Set("strides", Strides).Set("padding", Padding)
        .Set("activation", Activation).Set("use_bias", UseBias).Set("kernel_initializer", KernelInitializer)
        .Set("dilation_rate", DilationRate == 1 ? null : DilationRate);

    /// <summary>The input layout in words, for shape errors: "(channels, height, width)".</summary>
    private protected abstract string Layout { get; }

    /// <summary>Runs the engine's convolution (with <see cref="Strides"/> and <see cref="DilationRate"/>) with symmetric padding <paramref name="padding"/> per spatial dimension.</summary>
    private protected abstract Tensor Convolve(Tensor input, Tensor kernel, Tensor? bias, long[] padding);

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
        var receptive = (long)Math.Pow(KernelSize, _spatialRank);
        _kernel = AddWeight("weight", Initializers.Create(KernelInitializer, KernelShape(channels), channels * receptive, Filters * receptive));
        if (UseBias) _bias = AddWeight("bias", zeros(Filters));
        return output;
    }

    private Shape OutputFor(Shape input)
    {
        if (input.Rank != _spatialRank + 1 || input[0] < 1)
            throw LayerChecks.WrongInput(this, input, $"{Layout} with a known number of channels");
        var spatial = new long[_spatialRank];
        for (var d = 0; d < _spatialRank; d++)
        {
            spatial[d] = ConvPadding.OutputLength(input[d + 1], Span, Strides, Padding);
            if (spatial[d] == 0)
                throw new ShapeMismatchException(
                    $"{LayerChecks.Describe(this)}: its kernel of size {KernelSize}{(DilationRate == 1 ? "" : $" dilated by {DilationRate} (spanning {Span})")} does not fit input of shape {input.ToBatchString()}; use padding \"same\" or a smaller kernel.");
        }
        return new Shape([Filters, .. spatial]);
    }

    private long[] KernelShape(long channels) => [Filters, channels, .. Enumerable.Repeat((long)KernelSize, _spatialRank)];

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        var x = input;
        var symmetric = new long[_spatialRank];
        if (Padding == ConvPadding.Causal)
        {
            // Keras's causal padding: the whole span before the sequence, so step t reads steps up to t only.
            x = nn.functional.pad(input, [Span - 1, 0]);
        }
        else if (Padding == ConvPadding.Same)
        {
            // libtorch pads both sides alike; Keras puts an odd extra pixel after, which needs an explicit pad.
            var amounts = Enumerable.Range(0, _spatialRank).Select(d => ConvPadding.SameAmounts(input.shape[d + 2], Span, Strides)).ToArray();
            if (amounts.All(a => a.Before == a.After))
            {
                for (var d = 0; d < _spatialRank; d++) symmetric[d] = amounts[d].Before;
            }
            else
            {
                // functional.pad lists the last dimension first.
                x = nn.functional.pad(input, amounts.Reverse().SelectMany(a => new[] { a.Before, a.After }).ToArray());
            }
        }
        var y = Convolve(x, _kernel!, _bias, symmetric);
        return Activation is null ? y : _activationFunction(y);
    }
}
