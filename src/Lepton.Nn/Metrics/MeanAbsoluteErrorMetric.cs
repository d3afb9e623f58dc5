using Lepton.Nn.Losses;
using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>The mean absolute difference between outputs and targets over every element of the pass; named <c>mae</c>.</summary>
public sealed class MeanAbsoluteErrorMetric : Metric
{
    private double _sum;
    private long _count;

    /// <inheritdoc />
    public override string Name => "mae";

    /// <inheritdoc />
    public override void Reset() => (_sum, _count) = (0, 0);

    /// <inheritdoc />
    public override void Update(Tensor outputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var aligned = ElementwiseShapes.Align(outputs, targets, Name).to_type(ScalarType.Float64);
        _sum += (aligned - targets.to_type(ScalarType.Float64)).abs().sum().item<double>();
        _count += targets.numel();
    }

    /// <summary>The mean so far, NaN before any data.</summary>
    public override double Result() => _count == 0 ? double.NaN : _sum / _count;

    /// <inheritdoc />
    public override Metric Clone() => new MeanAbsoluteErrorMetric();
}
