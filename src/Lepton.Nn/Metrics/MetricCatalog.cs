namespace Lepton.Nn.Metrics;

/// <summary>Metrics by Keras name (<c>accuracy</c>, <c>f1_macro</c>, <c>auc</c>, …), for string-configured models.</summary>
public static class MetricCatalog
{
    private static readonly Dictionary<string, Func<Metric>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["accuracy"] = () => new Accuracy(),
        ["acc"] = () => new Accuracy(),
        ["precision"] = () => new Precision(),
        ["precision_macro"] = () => new Precision(Averaging.Macro),
        ["precision_micro"] = () => new Precision(Averaging.Micro),
        ["precision_weighted"] = () => new Precision(Averaging.Weighted),
        ["recall"] = () => new Recall(),
        ["recall_macro"] = () => new Recall(Averaging.Macro),
        ["recall_micro"] = () => new Recall(Averaging.Micro),
        ["recall_weighted"] = () => new Recall(Averaging.Weighted),
        ["f1"] = () => new F1Score(),
        ["f1_score"] = () => new F1Score(),
        ["f1_macro"] = () => new F1Score(Averaging.Macro),
        ["f1_micro"] = () => new F1Score(Averaging.Micro),
        ["f1_weighted"] = () => new F1Score(Averaging.Weighted),
        ["auc"] = () => new RocAuc(),
        ["roc_auc"] = () => new RocAuc(),
        ["top_k_accuracy"] = () => new TopKAccuracy(),
        ["top_k_categorical_accuracy"] = () => new TopKAccuracy(),
        ["sparse_top_k_categorical_accuracy"] = () => new TopKAccuracy(),
        ["mae"] = () => new MeanAbsoluteErrorMetric(),
        ["mean_absolute_error"] = () => new MeanAbsoluteErrorMetric(),
        ["rmse"] = () => new RootMeanSquaredError(),
        ["root_mean_squared_error"] = () => new RootMeanSquaredError(),
        ["r2"] = () => new R2Score(),
        ["r2_score"] = () => new R2Score(),
        ["confusion_matrix"] = () => new ConfusionMatrix(),
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
