using System.Globalization;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// The weighted average of two or more inputs of one shape, with fixed weights (an ensemble of models: their
/// probabilities or predictions averaged). The weights are scaled to sum to 1 and are stored with the layer, not learned.
/// </summary>
public sealed class WeightedAverage : Layer
{
    private readonly double[] _weights;

    /// <summary>Creates the layer; apply it to as many inputs as there are <paramref name="weights"/> (non-negative, at least one positive).</summary>
    /// <exception cref="ArgumentException">Fewer than two weights, a negative or non-finite weight, or all zero.</exception>
    public WeightedAverage(IReadOnlyList<double> weights, string? name = null) : base(name ?? DefaultName<WeightedAverage>())
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count < 2) throw new ArgumentException($"A weighted average takes at least two inputs, so at least two weights; got {weights.Count}.", nameof(weights));
        var bad = weights.Select((w, i) => (w, i)).FirstOrDefault(p => !double.IsFinite(p.w) || p.w < 0);
        if (!double.IsFinite(bad.w) || bad.w < 0)
            throw new ArgumentException($"Weight {bad.i} is {bad.w.ToString(CultureInfo.InvariantCulture)}; weights must be finite and not negative.", nameof(weights));
        var total = weights.Sum();
        if (total <= 0) throw new ArgumentException("The weights are all zero; at least one must be positive.", nameof(weights));
        _weights = weights.Select(w => w / total).ToArray();
    }

    internal WeightedAverage(LayerConfig config) : this(config.GetDoubles("weights"), config.Name)
    {
    }

    /// <summary>The weights, scaled to sum to 1, in the order of the inputs.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("weights", _weights.ToArray());

    /// <inheritdoc />
    protected override bool TakesMultipleInputs => true;

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs)
    {
        if (inputs.Count != _weights.Length)
            throw new ShapeMismatchException($"{LayerChecks.Describe(this)} has {_weights.Length} weights but was given {inputs.Count} inputs.");
        return LayerChecks.OneShape(this, inputs);
    }

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs)
    {
        var sum = inputs[0] * _weights[0];
        for (var i = 1; i < inputs.Count; i++) sum.add_(inputs[i], alpha: _weights[i]);
        return sum;
    }
}
