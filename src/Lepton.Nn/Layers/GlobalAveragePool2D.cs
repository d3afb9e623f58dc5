using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>Averages each channel of an image over all its pixels: input <c>(channels, height, width)</c>, output <c>(channels)</c>.</summary>
public sealed class GlobalAveragePool2D : Layer
{
    /// <summary>Creates a global average-pooling layer.</summary>
    public GlobalAveragePool2D(string? name = null) : base(name ?? DefaultName<GlobalAveragePool2D>())
    {
    }

    internal GlobalAveragePool2D(LayerConfig config) : this(config.Name)
    {
    }

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape Build(Shape input) =>
        input.Rank == 3 ? new Shape(input[0]) : throw LayerChecks.WrongInput(this, input, "(channels, height, width)");

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) => input.mean([2, 3]);
}
