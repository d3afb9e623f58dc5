namespace Lepton.Nn.Callbacks;

/// <summary>Tracks the best value of one logged quantity, for callbacks that act on improvement.</summary>
public sealed class Monitor
{
    private static readonly string[] HigherIsBetter = ["acc", "auc", "f1", "precision", "recall", "r2"];

    /// <summary>Watches <paramref name="name"/>, maximizing or minimizing it by <paramref name="mode"/>; a change smaller than <paramref name="minDelta"/> is no improvement.</summary>
    public Monitor(string name, MonitorMode mode, double minDelta)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (minDelta < 0 || double.IsNaN(minDelta)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta cannot be negative.");
        Name = name;
        Maximize = mode == MonitorMode.Max || (mode == MonitorMode.Auto && IsHigherBetter(name));
        MinDelta = minDelta;
        Reset();
    }

    /// <summary>Whether a larger value of the metric is better (accuracy, AUC, F1…): what <see cref="MonitorMode.Auto"/> decides by.</summary>
    public static bool IsHigherBetter(string metric) => HigherIsBetter.Any(h => metric.Contains(h, StringComparison.OrdinalIgnoreCase));

    /// <summary>The logged quantity watched, e.g. <c>val_loss</c>.</summary>
    public string Name { get; }

    /// <summary>Whether a larger value is an improvement.</summary>
    public bool Maximize { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>The best value seen since the last <see cref="Reset"/>.</summary>
    public double Best { get; private set; }

    /// <summary>Forgets the best value seen.</summary>
    public void Reset() => Best = Maximize ? double.NegativeInfinity : double.PositiveInfinity;

    /// <summary>The monitored value from <paramref name="logs"/>; fails naming what the logs do have.</summary>
    public double Read(IReadOnlyDictionary<string, double> logs, string callback) =>
        logs.TryGetValue(Name, out var value)
            ? value
            : throw new InvalidOperationException(
                $"{callback} monitors '{Name}', but the epoch logs only have: {string.Join(", ", logs.Keys)}." +
                (Name.StartsWith("val_", StringComparison.Ordinal) ? " Pass validationData or validationSplit to Fit, or monitor a training metric." : ""));

    /// <summary>True (and remembers it) when <paramref name="value"/> beats the best by more than MinDelta.</summary>
    public bool Improves(double value)
    {
        if (double.IsNaN(value)) return false;
        var better = Maximize ? value - MinDelta > Best : value + MinDelta < Best;
        if (better) Best = value;
        return better;
    }
}
