using Lepton.Nn.Losses;
using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// What <see cref="MeanAbsoluteErrorMetric"/> and <see cref="RootMeanSquaredError"/> share: a double-precision sum
/// of a per-element penalty of output minus target over the whole pass, and the element count.
/// </summary>
public abstract class ElementwiseErrorMetric : Metric
{
    private double _sum;
    private long _count;

    private protected ElementwiseErrorMetric()
    {
    }

    /// <summary>Errors are better lower.</summary>
    public override MetricDirection Direction => MetricDirection.Minimize;

    /// <inheritdoc />
    public override void Reset() => (_sum, _count) = (0, 0);

    /// <inheritdoc />
    public override void Update(Tensor outputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var aligned = ElementwiseShapes.Align(outputs, targets, Name).to_type(ScalarType.Float64);
        _sum += Penalty(aligned - targets.to_type(ScalarType.Float64)).sum().item<double>();
        _count += targets.numel();
    }

    /// <inheritdoc />
    public override double Result() => _count == 0 ? double.NaN : Finish(_sum / _count);

    /// <summary>The per-element penalty of the errors (absolute value, square).</summary>
    private protected abstract Tensor Penalty(Tensor errors);

    /// <summary>The metric from the mean penalty (identity, square root).</summary>
    private protected abstract double Finish(double meanPenalty);
}
