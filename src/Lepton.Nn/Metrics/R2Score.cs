using Lepton.Nn.Losses;
using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// The coefficient of determination over the whole pass, <c>1 − SS_res / SS_tot</c>, pooling every output
/// element (one mean over all targets); named <c>r2</c>. When the targets do not vary (SS_tot = 0) it is 1 for a
/// perfect fit and 0 otherwise, as in scikit-learn; NaN before any data.
/// </summary>
public sealed class R2Score : Metric
{
    private long _count;
    private double _mean;
    private double _spread; // Σ(y − ȳ)², merged batch by batch (Chan et al.) to avoid Σy² − (Σy)²/n cancellation
    private double _residual;

    /// <inheritdoc />
    public override string Name => "r2";

    /// <inheritdoc />
    public override MetricDirection Direction => MetricDirection.Maximize;

    /// <inheritdoc />
    public override void Reset() => (_count, _mean, _spread, _residual) = (0, 0, 0, 0);

    /// <inheritdoc />
    public override void Update(Tensor outputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var predicted = ElementwiseShapes.Align(outputs, targets, Name).to_type(ScalarType.Float64);
        var actual = targets.to_type(ScalarType.Float64);
        var n = actual.numel();
        if (n == 0) return;
        var mean = actual.mean().item<double>();
        var spread = (actual - mean).square().sum().item<double>();
        _residual += (predicted - actual).square().sum().item<double>();

        var total = _count + n;
        var delta = mean - _mean;
        _spread += spread + delta * delta * _count * n / total;
        _mean += delta * n / total;
        _count = total;
    }

    /// <inheritdoc />
    public override double Result()
    {
        if (_count == 0) return double.NaN;
        if (_spread == 0) return _residual == 0 ? 1 : 0;
        return 1 - _residual / _spread;
    }

    /// <inheritdoc />
    public override Metric Clone() => new R2Score();
}
