namespace Lepton.Nn.Metrics;

/// <summary>Metrics by Keras name (<c>accuracy</c>, <c>f1_macro</c>, <c>auc</c>, …), for string-configured models.</summary>
public static class MetricCatalog
{
    private static readonly Dictionary<string, Func<Metric>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["accuracy"] = () => new Accuracy(),
        ["acc"] = () => new Accuracy(),
    };

    /// <summary>Every name <see cref="Create"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>A new metric called <paramref name="name"/>.</summary>
    public static Metric Create(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new ArgumentException($"Unknown metric '{name}'. Known: {string.Join(", ", Factories.Keys.Order())}.", nameof(name));
    }
}
