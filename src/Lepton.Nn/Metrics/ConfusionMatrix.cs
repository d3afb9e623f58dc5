using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// Counts of true class against predicted class over the whole pass, for seeing which classes the model
/// confuses. As a metric its value is the accuracy (the diagonal over the total); <see cref="Matrix"/> and
/// <see cref="ToText"/> give the full table.
/// </summary>
public sealed class ConfusionMatrix(double threshold = 0.5) : Metric
{
    private readonly ConfusionCounts _counts = new();

    /// <inheritdoc />
    public override string Name => "confusion_matrix";

    /// <inheritdoc />
    public override MetricDirection Direction => MetricDirection.Maximize;

    /// <summary>The decision threshold for a single sigmoid output.</summary>
    public double Threshold { get; } = threshold;

    /// <summary>The number of classes (2 for a single sigmoid output), 0 before the first batch.</summary>
    public int Classes => _counts.Classes;

    /// <summary>A copy of the counts: rows are the true class, columns the predicted class.</summary>
    public long[,] Matrix => (long[,])_counts.Matrix.Clone();

    /// <inheritdoc />
    public override void Reset() => _counts.Reset();

    /// <inheritdoc />
    public override void Update(Tensor outputs, Tensor targets) => _counts.Add(outputs, targets, Threshold, Name);

    /// <summary>The accuracy: correct predictions over all predictions (0 before any data, as <see cref="Accuracy"/>).</summary>
    public override double Result() => _counts.Total == 0 ? 0 : (double)_counts.Correct() / _counts.Total;

    /// <inheritdoc />
    public override Metric Clone() => new ConfusionMatrix(Threshold);

    /// <summary>
    /// The matrix as an aligned text table, true classes down the side and predicted classes across the top,
    /// labelled with <paramref name="classNames"/> (one per class) or with the class indices.
    /// </summary>
    public string ToText(IReadOnlyList<string>? classNames = null)
    {
        var classes = Classes;
        if (classNames is not null && classNames.Count != classes)
            throw new ArgumentException($"ToText got {classNames.Count} class names but the confusion matrix has {classes} classes.", nameof(classNames));
        const string corner = "true \\ predicted";
        if (classes == 0) return corner + " (no data yet)";

        var counts = _counts.Matrix;
        var labels = Enumerable.Range(0, classes)
            .Select(c => classNames?[c] ?? c.ToString(CultureInfo.InvariantCulture))
            .ToArray();
        var rowLabelWidth = Math.Max(corner.Length, labels.Max(l => l.Length));
        var widths = new int[classes];
        for (var j = 0; j < classes; j++)
        {
            widths[j] = labels[j].Length;
            for (var i = 0; i < classes; i++)
                widths[j] = Math.Max(widths[j], counts[i, j].ToString(CultureInfo.InvariantCulture).Length);
        }

        var text = new StringBuilder();
        text.Append(corner.PadRight(rowLabelWidth));
        for (var j = 0; j < classes; j++) text.Append("  ").Append(labels[j].PadLeft(widths[j]));
        for (var i = 0; i < classes; i++)
        {
            text.AppendLine();
            text.Append(labels[i].PadRight(rowLabelWidth));
            for (var j = 0; j < classes; j++)
                text.Append("  ").Append(counts[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(widths[j]));
        }
        return text.ToString();
    }
}
