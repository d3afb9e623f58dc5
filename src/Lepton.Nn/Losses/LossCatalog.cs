using System.Text.Json.Nodes;

namespace Lepton.Nn.Losses;

/// <summary>Losses by Keras name, for string-configured models and for model files.</summary>
public static class LossCatalog
{
    private static readonly Dictionary<string, Func<bool, Loss>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sparse_categorical_crossentropy"] = logits => new SparseCategoricalCrossentropy(logits),
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

    internal static JsonObject Describe(Loss loss) => new() { ["name"] = loss.Name, ["from_logits"] = loss.FromLogits };

    internal static Loss FromDescription(JsonObject description) =>
        Create(description["name"]!.GetValue<string>(), description["from_logits"]?.GetValue<bool>() ?? false);
}
