using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>Multiplies two or more inputs of the same shape element by element (a gate, or the user-item product of a recommender).</summary>
public sealed class Multiply : Layer
{
    /// <summary>Creates a multiply layer; apply it to its inputs with <c>Apply(a, b)</c>.</summary>
    public Multiply(string? name = null) : base(name ?? DefaultName<Multiply>())
    {
    }

    internal Multiply(LayerConfig config) : this(config.Name)
    {
    }

    /// <inheritdoc />
    protected override bool TakesMultipleInputs => true;

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs) => LayerChecks.MergedShape(this, inputs, "multiplies");

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs)
    {
        var product = inputs[0] * inputs[1];
        for (var i = 2; i < inputs.Count; i++) product.mul_(inputs[i]);
        return product;
    }
}
