using Lepton.Nn.Callbacks;

namespace Lepton.Nn.Training;

/// <summary>What <c>Fit</c> returns: every logged value per epoch (Keras's History.history).</summary>
public sealed class History : Callback
{
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);
    private readonly List<int> _epochs = [];

    /// <summary>Metric name → one value per completed epoch: <c>loss</c>, <c>accuracy</c>, <c>val_loss</c>, ….</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Values =>
        _values.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value, StringComparer.Ordinal);

    /// <summary>Which examples validated, in words (e.g. "validation: the last 120 of 1,200 examples (10%), not shuffled, …"); null without validation.</summary>
    public string? Validation { get; internal set; }

    /// <summary>The epochs completed (0-based).</summary>
    public IReadOnlyList<int> Epochs => _epochs;

    /// <summary>True when training ended before its last epoch (early stopping or a callback).</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>True when training was cancelled (Ctrl+C or a cancellation token).</summary>
    public bool Cancelled { get; internal set; }

    /// <summary>The values of one metric, in epoch order.</summary>
    public IReadOnlyList<double> this[string metric] =>
        _values.TryGetValue(metric, out var list)
            ? list
            : throw new KeyNotFoundException($"History has no '{metric}'. It has: {string.Join(", ", _values.Keys)}.");

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        _epochs.Add(epoch);
        foreach (var (name, value) in logs)
        {
            if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
            list.Add(value);
        }
    }
}
