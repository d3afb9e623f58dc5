using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// The harmonic mean of precision and recall, <c>2TP / (2TP + FP + FN)</c>, over the whole pass. Macro and
/// weighted averaging average the per-class F1 (as scikit-learn does). Named <c>f1</c>, or <c>f1_macro</c> and so on.
/// </summary>
public sealed class F1Score(Averaging averaging = Averaging.Binary, double threshold = 0.5) : Metric
{
    private readonly ConfusionCounts _counts = new();

    /// <inheritdoc />
    public override string Name => ConfusionCounts.NameOf("f1", Averaging);

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
    public override double Result() => _counts.Average(Averaging, (tp, fp, fn) => ConfusionCounts.Ratio(2 * tp, 2 * tp + fp + fn), Name);

    /// <inheritdoc />
    public override Metric Clone() => new F1Score(Averaging, Threshold);
}
