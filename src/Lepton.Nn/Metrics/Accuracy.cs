using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// The fraction of correct predictions. Class-index targets compare with the argmax of the outputs; one-hot
/// targets with their own argmax; a single output column (binary) thresholds at <c>Threshold</c>.
/// </summary>
public sealed class Accuracy(double threshold = 0.5) : Metric
{
    private long _correct;
    private long _total;

    /// <inheritdoc />
    public override string Name => "accuracy";

    /// <inheritdoc />
    public override MetricDirection Direction => MetricDirection.Maximize;

    /// <summary>The decision threshold for binary outputs.</summary>
    public double Threshold { get; } = threshold;

    /// <inheritdoc />
    public override void Reset() => (_correct, _total) = (0, 0);

    /// <inheritdoc />
    public override void Update(Tensor outputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var (predicted, actual) = ClassLabels.Of(outputs, targets, Threshold);
        _correct += predicted.eq(actual).sum().item<long>();
        _total += actual.numel();
    }

    /// <inheritdoc />
    public override double Result() => _total == 0 ? 0 : (double)_correct / _total;

    /// <inheritdoc />
    public override Metric Clone() => new Accuracy(Threshold);
}
