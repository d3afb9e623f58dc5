using System.Text.Json.Nodes;

namespace Lepton.Nn.Losses;

/// <summary>Losses by Keras name, for string-configured models and for model files.</summary>
public static class LossCatalog
{
    private static readonly Dictionary<string, Func<bool, Loss>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mean_squared_error"] = logits => Values(logits, "mean_squared_error", () => new MeanSquaredError()),
        ["mse"] = logits => Values(logits, "mean_squared_error", () => new MeanSquaredError()),
        ["mean_absolute_error"] = logits => Values(logits, "mean_absolute_error", () => new MeanAbsoluteError()),
        ["mae"] = logits => Values(logits, "mean_absolute_error", () => new MeanAbsoluteError()),
        ["huber"] = logits => Values(logits, "huber", () => new Huber()),
        ["huber_loss"] = logits => Values(logits, "huber", () => new Huber()),
        ["binary_crossentropy"] = logits => new BinaryCrossentropy(logits),
        ["bce"] = logits => new BinaryCrossentropy(logits),
        ["categorical_crossentropy"] = logits => new CategoricalCrossentropy(logits),
        ["cce"] = logits => new CategoricalCrossentropy(logits),
        ["sparse_categorical_crossentropy"] = logits => new SparseCategoricalCrossentropy(logits),
        ["scce"] = logits => new SparseCategoricalCrossentropy(logits),
        ["kl_divergence"] = logits => Values(logits, "kl_divergence", () => new KLDivergence()),
        ["kld"] = logits => Values(logits, "kl_divergence", () => new KLDivergence()),
        ["kullback_leibler_divergence"] = logits => Values(logits, "kl_divergence", () => new KLDivergence()),
    };

    /// <summary>Every name <see cref="Create"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>The loss called <paramref name="name"/> (Keras's names and short forms such as <c>mse</c>).</summary>
    public static Loss Create(string name, bool fromLogits = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Factories.TryGetValue(name, out var factory)
            ? factory(fromLogits)
            : throw new ArgumentException($"Unknown loss '{name}'. Known: {string.Join(", ", Factories.Keys.Order())}.", nameof(name));
    }

    /// <summary>The loss's name and settings, enough for <see cref="FromDescription"/> to rebuild it.</summary>
    internal static JsonObject Describe(Loss loss)
    {
        var description = new JsonObject { ["name"] = loss.Name, ["from_logits"] = loss.FromLogits };
        switch (loss)
        {
            case Huber huber:
                description["delta"] = huber.Delta;
                break;
            case CategoricalCrossentropy categorical:
                description["label_smoothing"] = categorical.LabelSmoothing;
                break;
            case MultiOutputLoss multi:
                description["widths"] = new JsonArray(multi.Widths.Select(w => (JsonNode)w).ToArray());
                break;
        }
        return description;
    }

    internal static Loss FromDescription(JsonObject description)
    {
        var name = description["name"]!.GetValue<string>();
        var fromLogits = description["from_logits"]?.GetValue<bool>() ?? false;
        if (name == "multi_output")
            return new MultiOutputLoss(description["widths"]?.AsArray().Select(w => w!.GetValue<int>()).ToArray()
                ?? throw new FormatException("A multi_output loss needs its heads' 'widths'."));
        return Create(name, fromLogits) switch
        {
            Huber when description["delta"] is { } delta => new Huber(delta.GetValue<double>()),
            CategoricalCrossentropy when description["label_smoothing"] is { } smoothing =>
                new CategoricalCrossentropy(fromLogits, smoothing.GetValue<double>()),
            var loss => loss,
        };
    }

    /// <summary>Losses on plain values have no logits to convert; asking for them is a configuration mistake.</summary>
    private static Loss Values(bool fromLogits, string name, Func<Loss> create) =>
        fromLogits
            ? throw new ArgumentException($"The loss '{name}' compares values directly and has no from-logits form; leave fromLogits false.", nameof(fromLogits))
            : create();
}
