using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// Of the examples predicted as a class, the fraction that truly are: <c>TP / (TP + FP)</c>, over the whole
/// pass. A class never predicted scores 0. Named <c>precision</c>, or <c>precision_macro</c> and so on.
/// </summary>
public sealed class Precision(Averaging averaging = Averaging.Binary, double threshold = 0.5) : Metric
{
    private readonly ConfusionCounts _counts = new();

    /// <inheritdoc />
    public override string Name => ConfusionCounts.NameOf("precision", Averaging);

    /// <inheritdoc />
    public override MetricDirection Direction => MetricDirection.Maximize;

    /// <summary>How the classes combine into one number.</summary>
    public Averaging Averaging { get; } = averaging;

    /// <summary>The decision threshold for a single sigmoid output.</summary>
    public double Threshold { get; } = threshold;

    /// <inheritdoc />
    public override void Reset() => _counts.Reset();

    /// <inheritdoc />
    public override void Update(Tensor outputs, Tensor targets) => _counts.Add(outputs, targets, Threshold, Name, Averaging);

    /// <inheritdoc />
    public override double Result() => _counts.Average(Averaging, (tp, fp, _) => ConfusionCounts.Ratio(tp, tp + fp), Name);

    /// <inheritdoc />
    public override Metric Clone() => new Precision(Averaging, Threshold);
}
