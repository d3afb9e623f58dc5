using static TorchSharp.torch;

namespace Lepton.Nn.Losses;

/// <summary>Pairs outputs with targets element for element, for the regression losses and metrics.</summary>
internal static class ElementwiseShapes
{
    /// <summary>
    /// The outputs viewed in the targets' shape. Shapes must match, except that <c>(N, …, 1)</c> pairs with
    /// <c>(N, …)</c> either way round, as a single-output model meets a flat target column.
    /// </summary>
    public static Tensor Align(Tensor predictions, Tensor targets, string name)
    {
        var p = predictions.shape;
        var t = targets.shape;
        if (p.SequenceEqual(t)) return predictions;
        var squeezed = p.Length == t.Length + 1 && p[^1] == 1 && p.AsSpan(0, t.Length).SequenceEqual(t);
        var unsqueezed = t.Length == p.Length + 1 && t[^1] == 1 && t.AsSpan(0, p.Length).SequenceEqual(p);
        if (squeezed || unsqueezed) return predictions.reshape(t);
        throw new ShapeMismatchException(
            $"{name}: outputs of shape {Format(p)} do not match targets of shape {Format(t)}; they must have the same shape " +
            "(a trailing dimension of 1 on either side is allowed). Check the size of the last layer against the targets.");
    }

    /// <summary>A shape as <c>[N, C]</c> for error messages.</summary>
    public static string Format(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++) parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"[{string.Join(", ", parts)}]";
    }
}
