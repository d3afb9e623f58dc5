using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>A fully connected layer: <c>activation(x · W + b)</c> over the last dimension.</summary>
public sealed class Dense : Layer
{
    // Component names keep the fields and the registered weights the same objects when the layer changes device or dtype.
    [ComponentName(Name = "weight")]
    private Parameter? _kernel;
    [ComponentName(Name = "bias")]
    private Parameter? _bias;
    private readonly Func<Tensor, Tensor> _activationFunction;

    /// <summary>Creates a dense layer with <paramref name="units"/> outputs.</summary>
    public Dense(int units, string? activation = null, bool useBias = true, string kernelInitializer = "glorot_uniform", string? name = null)
        : base(name ?? DefaultName<Dense>())
    {
        Units = LayerChecks.Width(this, units, nameof(units));
        Activation = Activations.Validate(activation);
        _activationFunction = Activations.Get(Activation);
        UseBias = useBias;
        KernelInitializer = Initializers.Validate(kernelInitializer);
    }

    internal Dense(LayerConfig config)
        : this(config.GetInt("units"), config.GetString("activation", null), config.GetBool("use_bias", true),
               config.GetString("kernel_initializer", "glorot_uniform")!, config.Name)
    {
    }

    /// <summary>The number of outputs.</summary>
    public int Units { get; }

    /// <summary>The activation's name, or null for none.</summary>
    public string? Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>How the weights start.</summary>
    public string KernelInitializer { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("units", Units).Set("activation", Activation).Set("use_bias", UseBias).Set("kernel_initializer", KernelInitializer);

    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs)
    {
        var input = SingleInput(inputs);
        List<PlannedTensor> tensors = [new("weight", [Units, Features(input)])];
        if (UseBias) tensors.Add(new("bias", [Units]));
        return new(OutputFor(input), tensors);
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        var features = Features(input);
        _kernel = AddWeight("weight", Initializers.Create(KernelInitializer, [Units, features], features, Units));
        if (UseBias) _bias = AddWeight("bias", zeros(Units));
        return OutputFor(input);
    }

    private long Features(Shape input) =>
        input.Rank > 0 && input[-1] >= 1
            ? input[-1]
            : throw new ShapeMismatchException($"Layer '{Name}' (Dense) needs a known last dimension, but its input has shape {input.ToBatchString()}.");

    private Shape OutputFor(Shape input) => new([.. input.Dimensions[..^1], Units]);

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        var y = nn.functional.linear(input, _kernel!, _bias);
        return Activation is null ? y : _activationFunction(y);
    }
}
