namespace Lepton;

/// <summary>The direction a metric's name suggests, for metrics that do not say their own.</summary>
public static class MetricDirections
{
    // Substrings of names whose larger values are better; Keras's MonitorCallback guesses the same way.
    private static readonly string[] HigherIsBetter = ["acc", "auc", "f1", "precision", "recall", "r2"];

    /// <summary>
    /// The direction a metric's name suggests: <see cref="MetricDirection.Maximize"/> when it holds <c>acc</c>,
    /// <c>auc</c>, <c>f1</c>, <c>precision</c>, <c>recall</c> or <c>r2</c> (so <c>val_accuracy</c> too),
    /// <see cref="MetricDirection.None"/> for a learning rate (<c>learning_rate</c>, <c>lr</c>), and
    /// <see cref="MetricDirection.Minimize"/> otherwise (losses, errors). Use it only when the metric itself, or the
    /// run that recorded it, does not say.
    /// </summary>
    public static MetricDirection FromName(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var name = metric.StartsWith("val_", StringComparison.OrdinalIgnoreCase) ? metric["val_".Length..] : metric;
        if (name.Equals("learning_rate", StringComparison.OrdinalIgnoreCase) || name.Equals("lr", StringComparison.OrdinalIgnoreCase)) return MetricDirection.None;
        return HigherIsBetter.Any(h => name.Contains(h, StringComparison.OrdinalIgnoreCase)) ? MetricDirection.Maximize : MetricDirection.Minimize;
    }
}
