using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>Applies an activation function by name (<c>new Activation("relu")</c>); the shape does not change.</summary>
public sealed class Activation : Layer
{
    private readonly Func<Tensor, Tensor> _function;

    /// <summary>Creates a layer applying the activation <paramref name="activation"/> (linear, relu, leaky_relu, elu, gelu, tanh, sigmoid, softmax).</summary>
    public Activation(string activation, string? name = null) : base(name ?? DefaultName<Activation>())
    {
        ArgumentNullException.ThrowIfNull(activation);
        FunctionName = LayerChecks.ActivationName(this, activation) ?? "linear";
        _function = Activations.Get(FunctionName);
    }

    internal Activation(LayerConfig config) : this(config.GetString("activation"), config.Name)
    {
    }

    /// <summary>The activation's name.</summary>
    public string FunctionName { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("activation", FunctionName);

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape Build(Shape input) => input;

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) => _function(input);
}
