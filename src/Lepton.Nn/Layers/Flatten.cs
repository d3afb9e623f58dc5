using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>Lays each example out as one vector: <c>(64, 7, 7)</c> becomes <c>(3136)</c>. The batch dimension stays.</summary>
public sealed class Flatten : Layer
{
    /// <summary>Creates a flatten layer.</summary>
    public Flatten(string? name = null) : base(name ?? DefaultName<Flatten>())
    {
    }

    internal Flatten(LayerConfig config) : this(config.Name)
    {
    }

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape Build(Shape input) => new(input.IsFullyKnown ? input.ElementCount : -1);

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) => input.reshape(input.shape[0], -1);
}
