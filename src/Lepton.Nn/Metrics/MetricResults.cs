using System.Collections;

namespace Lepton.Nn.Metrics;

/// <summary>
/// What <c>Evaluate</c> returns: the loss and each metric by key (<c>loss</c>, <c>accuracy</c>, <c>f1_macro</c>, <c>r2</c>,
/// …; see docs/deep-learning.md). Asking for a key it does not hold is an error that lists the keys it does hold.
/// </summary>
public sealed class MetricResults : IReadOnlyDictionary<string, double>
{
    private readonly Dictionary<string, double> values;

    internal MetricResults(Dictionary<string, double> values) => this.values = values;

    /// <summary>The value of one key.</summary>
    /// <exception cref="KeyNotFoundException">The key is not among the results; the message lists the keys there are.</exception>
    public double this[string key] => values.TryGetValue(key, out var value) ? value : throw Unknown(key);

    /// <inheritdoc />
    public IEnumerable<string> Keys => values.Keys;

    /// <inheritdoc />
    public IEnumerable<double> Values => values.Values;

    /// <inheritdoc />
    public int Count => values.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out double value) => values.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private KeyNotFoundException Unknown(string key)
    {
        var known = MetricCatalog.Names.Contains(key, StringComparer.OrdinalIgnoreCase);
        return new KeyNotFoundException(
            $"The evaluation has no metric '{key}'. Its keys: {string.Join(", ", values.Keys)}. " +
            (known
                ? $"'{key}' is a metric the model was not evaluated with: compile with it, or pass it to Evaluate (extraMetrics: MetricCatalog.Create(\"{key}\")); its key may differ from its name (\"auc\" for roc_auc, \"top_5_accuracy\")."
                : $"Metric keys: {string.Join(", ", MetricCatalog.Names.Order(StringComparer.Ordinal))} (docs/deep-learning.md lists them with their meaning)."));
    }
}
