using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// Of the examples truly of a class, the fraction predicted as it: <c>TP / (TP + FN)</c>, over the whole
/// pass. A class with no examples scores 0. Named <c>recall</c>, or <c>recall_macro</c> and so on.
/// </summary>
public sealed class Recall(Averaging averaging = Averaging.Binary, double threshold = 0.5) : Metric
{
    private readonly ConfusionCounts _counts = new();

    /// <inheritdoc />
    public override string Name => ConfusionCounts.NameOf("recall", Averaging);

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
    public override double Result() => _counts.Average(Averaging, (tp, _, fn) => ConfusionCounts.Ratio(tp, tp + fn), Name);

    /// <inheritdoc />
    public override Metric Clone() => new Recall(Averaging, Threshold);
}
