using Lepton.Nn.Losses;
using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// The square root of the mean squared difference over every element of the pass (not an average of per-batch
/// roots); named <c>rmse</c>.
/// </summary>
public sealed class RootMeanSquaredError : Metric
{
    private double _sum;
    private long _count;

    /// <inheritdoc />
    public override string Name => "rmse";

    /// <inheritdoc />
    public override void Reset() => (_sum, _count) = (0, 0);

    /// <inheritdoc />
    public override void Update(Tensor outputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var aligned = ElementwiseShapes.Align(outputs, targets, Name).to_type(ScalarType.Float64);
        _sum += (aligned - targets.to_type(ScalarType.Float64)).square().sum().item<double>();
        _count += targets.numel();
    }

    /// <summary>The root mean square so far, NaN before any data.</summary>
    public override double Result() => _count == 0 ? double.NaN : Math.Sqrt(_sum / _count);

    /// <inheritdoc />
    public override Metric Clone() => new RootMeanSquaredError();
}
