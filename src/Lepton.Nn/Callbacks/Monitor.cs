using Lepton.Nn.Models;

namespace Lepton.Nn.Callbacks;

/// <summary>Tracks the best value of one logged quantity, for callbacks that act on improvement.</summary>
public sealed class Monitor
{
    private const string ValidationPrefix = "val_";

    /// <summary>
    /// Watches <paramref name="name"/>, maximizing or minimizing it by <paramref name="mode"/>; a change smaller than
    /// <paramref name="minDelta"/> is no improvement. In <see cref="MonitorMode.Auto"/> the name decides until
    /// <see cref="Reset(Model?)"/> learns the model's metrics.
    /// </summary>
    public Monitor(string name, MonitorMode mode, double minDelta)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (minDelta < 0 || double.IsNaN(minDelta)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta cannot be negative.");
        Name = name;
        Mode = mode;
        Maximize = mode == MonitorMode.Max || (mode == MonitorMode.Auto && DirectionOf(name, null) == MetricDirection.Maximize);
        MinDelta = minDelta;
        Reset();
    }

    /// <summary>
    /// The direction of a logged quantity, as Keras's callbacks find it: the loss (<c>loss</c>, <c>val_loss</c>) goes
    /// down; a metric compiled into <paramref name="model"/> under that name (without <c>val_</c>) says its own
    /// <see cref="Metrics.Metric.Direction"/>; anything else, or any name when the model is not known, goes by
    /// <see cref="MetricDirections.FromName"/>.
    /// </summary>
    public static MetricDirection DirectionOf(string logged, Model? model)
    {
        ArgumentNullException.ThrowIfNull(logged);
        var name = logged.StartsWith(ValidationPrefix, StringComparison.Ordinal) ? logged[ValidationPrefix.Length..] : logged;
        if (name == "loss") return MetricDirection.Minimize;
        var metric = model?.Compiled?.Metrics.FirstOrDefault(m => m.Name == name);
        return metric?.Direction ?? MetricDirections.FromName(logged);
    }

    /// <summary>The logged quantity watched, e.g. <c>val_loss</c>.</summary>
    public string Name { get; }

    /// <summary>How the direction is chosen.</summary>
    public MonitorMode Mode { get; }

    /// <summary>Whether a larger value is an improvement.</summary>
    public bool Maximize { get; private set; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>The best value seen since the last <see cref="Reset()"/>.</summary>
    public double Best { get; private set; }

    /// <summary>Forgets the best value seen.</summary>
    public void Reset() => Best = Maximize ? double.NegativeInfinity : double.PositiveInfinity;

    /// <summary>
    /// Forgets the best value seen and, in <see cref="MonitorMode.Auto"/>, takes the direction from the model about
    /// to be trained (see <see cref="DirectionOf"/>; the name alone decides when it is null): callbacks call it when
    /// training begins.
    /// </summary>
    public void Reset(Model? model)
    {
        if (Mode == MonitorMode.Auto) Maximize = DirectionOf(Name, model) == MetricDirection.Maximize;
        Reset();
    }

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
