namespace Lepton.Nn.Layers;

/// <summary>Argument and input-shape checks shared by the built-in layers, with messages that name the layer.</summary>
internal static class LayerChecks
{
    /// <summary>"Layer 'conv2d' (Conv2D)", the prefix of every message.</summary>
    public static string Describe(Layer layer) => $"Layer '{layer.Name}' ({layer.TypeName})";

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>]; see <see cref="LayerLimits"/>.</summary>
    public static int InRange(Layer layer, int value, int min, int max, string argument) =>
        value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(argument, $"{Describe(layer)}: {argument} must be from {min} to {max}, but was {value}.");

    /// <summary>Units, filters or a vector size: from 1 to <see cref="LayerLimits.MaxWidth"/>.</summary>
    public static int Width(Layer layer, int value, string argument) => InRange(layer, value, 1, LayerLimits.MaxWidth, argument);

    /// <summary>A kernel, pool size or stride: from 1 to <see cref="LayerLimits.MaxWindow"/>.</summary>
    public static int Window(Layer layer, int value, string argument) => InRange(layer, value, 1, LayerLimits.MaxWindow, argument);

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

    /// <summary>
    /// The shape of an element-wise merge (<see cref="Add"/>, <see cref="Multiply"/>) of at least two inputs of one shape;
    /// <paramref name="verb"/> says what the layer does to them ("adds") in the error for fewer inputs.
    /// </summary>
    public static Shape MergedShape(Layer layer, IReadOnlyList<Shape> inputs, string verb)
    {
        if (inputs.Count < 2)
            throw new ShapeMismatchException($"{Describe(layer)} {verb} at least two inputs, but was given {inputs.Count}: [{string.Join(", ", inputs.Select(s => s.ToBatchString()))}].");
        return OneShape(layer, inputs);
    }

    /// <summary>The one shape all inputs share (an unknown size filled from another input), for layers that combine inputs element by element.</summary>
    public static Shape OneShape(Layer layer, IReadOnlyList<Shape> inputs)
    {
        var dims = inputs[0].Dimensions;
        foreach (var shape in inputs.Skip(1))
        {
            if (!new Shape(dims).Accepts(shape))
                throw new ShapeMismatchException(
                    $"{Describe(layer)} needs inputs of one shape, but got [{string.Join(", ", inputs.Select(s => s.ToBatchString()))}].");
            for (var i = 0; i < dims.Length; i++)
            {
                if (dims[i] == -1) dims[i] = shape[i];
            }
        }
        return new Shape(dims);
    }

    /// <summary>The error for an input whose shape the layer cannot take.</summary>
    public static ShapeMismatchException WrongInput(Layer layer, Shape input, string expected) =>
        new($"{Describe(layer)} needs input of shape {expected}, but got {input.ToBatchString()}.");
}
