using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>Adds two or more inputs of the same shape element by element (a residual connection, say).</summary>
public sealed class Add : Layer
{
    /// <summary>Creates an add layer; apply it to its inputs with <c>Apply(a, b)</c>.</summary>
    public Add(string? name = null) : base(name ?? DefaultName<Add>())
    {
    }

    internal Add(LayerConfig config) : this(config.Name)
    {
    }

    /// <inheritdoc />
    protected override bool TakesMultipleInputs => true;

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs) => LayerChecks.MergedShape(this, inputs, "adds");

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs)
    {
        var sum = inputs[0] + inputs[1];
        for (var i = 2; i < inputs.Count; i++) sum.add_(inputs[i]);
        return sum;
    }
}
