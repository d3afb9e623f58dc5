namespace Lepton.Nn.Layers;

/// <summary>Argument and input-shape checks shared by the built-in layers, with messages that name the layer.</summary>
internal static class LayerChecks
{
    /// <summary>"Layer 'conv2d' (Conv2D)", the prefix of every message.</summary>
    public static string Describe(Layer layer) => $"Layer '{layer.Name}' ({layer.TypeName})";

    public static int AtLeastOne(Layer layer, int value, string argument) =>
        value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(argument, $"{Describe(layer)}: {argument} must be at least 1, but was {value}.");

    /// <summary>A fraction in [0, 1) such as a dropout rate.</summary>
    public static double Fraction(Layer layer, double value, string argument) =>
        value is >= 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(argument, $"{Describe(layer)}: {argument} must be in [0, 1), but was {value}.");

    public static double Positive(Layer layer, double value, string argument) =>
        value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(argument, $"{Describe(layer)}: {argument} must be a positive number, but was {value}.");

    /// <summary>A known activation name, normalized (null for none), or an error naming the layer.</summary>
    public static string? ActivationName(Layer layer, string? activation)
    {
        if (activation is null || Activations.Names.Contains(activation, StringComparer.OrdinalIgnoreCase))
            return Activations.Validate(activation);
        throw new ArgumentException(
            $"{Describe(layer)}: unknown activation '{activation}'; use one of {string.Join(", ", Activations.Names)}.", nameof(activation));
    }

    /// <summary>A known initializer name, or an error naming the layer.</summary>
    public static string InitializerName(Layer layer, string initializer)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        if (Initializers.Names.Contains(initializer, StringComparer.Ordinal)) return initializer;
        throw new ArgumentException(
            $"{Describe(layer)}: unknown initializer '{initializer}'; use one of {string.Join(", ", Initializers.Names)}.", nameof(initializer));
    }

    /// <summary>The error for an input whose shape the layer cannot take.</summary>
    public static ShapeMismatchException WrongInput(Layer layer, Shape input, string expected) =>
        new($"{Describe(layer)} needs input of shape {expected}, but got {input.ToBatchString()}.");
}
