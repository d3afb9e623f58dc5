using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>The activation functions layers accept by name (Keras's names).</summary>
internal static class Activations
{
    private static readonly Dictionary<string, Func<Tensor, Tensor>> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["linear"] = x => x.alias(),
        ["relu"] = x => nn.functional.relu(x),
        ["leaky_relu"] = x => nn.functional.leaky_relu(x, 0.2),
        ["elu"] = x => nn.functional.elu(x, 1.0),
        ["gelu"] = x => nn.functional.gelu(x),
        ["tanh"] = x => x.tanh(),
        ["sigmoid"] = x => x.sigmoid(),
        ["softmax"] = x => x.softmax(-1),
    };

    /// <summary>Every name <see cref="Get"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => Functions.Keys;

    /// <summary>The function called <paramref name="name"/>; null or "linear" is the identity.</summary>
    public static Func<Tensor, Tensor> Get(string? name)
    {
        if (name is null) return Functions["linear"];
        return Functions.TryGetValue(name, out var f)
            ? f
            : throw new ArgumentException($"Unknown activation '{name}'. Known: {string.Join(", ", Functions.Keys)}.", nameof(name));
    }

    /// <summary>Fails early, at construction, for a name <see cref="Get"/> would reject.</summary>
    internal static string? Validate(string? name)
    {
        _ = Get(name);
        return name is null || name.Equals("linear", StringComparison.OrdinalIgnoreCase) ? null : name.ToLowerInvariant();
    }
}
