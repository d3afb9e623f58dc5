using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// While training, zeroes each value with probability <c>rate</c> and scales the rest by <c>1 / (1 - rate)</c>;
/// at inference it passes its input through unchanged.
/// </summary>
public sealed class Dropout : Layer
{
    /// <summary>Creates a dropout layer dropping a <paramref name="rate"/> share of values in training.</summary>
    public Dropout(double rate, string? name = null) : base(name ?? DefaultName<Dropout>())
    {
        Rate = LayerChecks.Fraction(this, rate, nameof(rate));
    }

    internal Dropout(LayerConfig config) : this(config.GetDouble("rate"), config.Name)
    {
    }

    /// <summary>The share of values dropped in training, in [0, 1).</summary>
    public double Rate { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("rate", Rate);

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape Build(Shape input) => input;

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) =>
        training && Rate > 0 ? nn.functional.dropout(input, Rate, training: true) : input.alias();
}
