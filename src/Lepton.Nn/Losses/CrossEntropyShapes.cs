using static TorchSharp.torch;

namespace Lepton.Nn.Losses;

/// <summary>Shape checks and class weighting shared by the cross-entropy losses.</summary>
internal static class CrossEntropyShapes
{
    /// <summary>Probabilities are clamped to [ε, 1] before the logarithm (Keras uses 1e-7).</summary>
    public const double Epsilon = 1e-7;

    public static void CheckSparse(Tensor predictions, Tensor targets, string loss)
    {
        var p = predictions.shape;
        var t = targets.shape;
        var ok = p.Length == t.Length + 1 && p.AsSpan(0, t.Length).SequenceEqual(t);
        if (!ok)
            throw new ShapeMismatchException(
                $"{loss}: outputs of shape [{string.Join(", ", p)}] need targets of shape [{string.Join(", ", p[..^1])}] (class indices), but the targets have shape [{string.Join(", ", t)}].");
        if (targets.is_floating_point())
        {
            // Accept float labels that are whole numbers (common when read from CSV).
            using var fractional = (targets - targets.round()).abs().max();
            if (fractional.item<float>() > 0)
                throw new ArgumentException($"{loss}: targets must be class indices, but they hold fractions; use categorical_crossentropy for soft labels.");
        }
    }

    /// <summary>Outputs and one-hot or soft targets must share one shape <c>(N, …, C)</c>.</summary>
    public static void CheckSameShape(Tensor predictions, Tensor targets, string loss)
    {
        var p = predictions.shape;
        var t = targets.shape;
        if (p.Length > 0 && p.SequenceEqual(t)) return;
        var hint = p.Length == t.Length + 1 && p.AsSpan(0, t.Length).SequenceEqual(t)
            ? " The targets look like class indices: use sparse_categorical_crossentropy."
            : "";
        throw new ShapeMismatchException(
            $"{loss}: outputs of shape {ElementwiseShapes.Format(p)} need one-hot or probability targets of the same shape, but the targets have shape {ElementwiseShapes.Format(t)}.{hint}");
    }

    /// <summary>Per-element weights for one-hot or soft targets <c>(N, …, C)</c>: the target-weighted sum of the class weights.</summary>
    public static Tensor WeightsOfDistributions(Tensor targets, Tensor classWeights, string loss)
    {
        var classes = targets.shape[^1];
        var given = classWeights.shape[0];
        if (given > classes)
            throw new ArgumentException($"{loss}: class weights name class {given - 1}, but the targets have only {classes} classes (0 to {classes - 1}).");
        var weights = given < classes
            ? cat([classWeights, ones(classes - given, dtype: classWeights.dtype, device: classWeights.device)])
            : classWeights;
        return (targets.to_type(weights.dtype) * weights).sum(-1);
    }

    /// <summary>Per-element weights for class-index targets of any shape.</summary>
    public static Tensor WeightsOfIndices(Tensor targets, Tensor classWeights)
    {
        var index = targets.to(ScalarType.Int64);
        var max = index.max().item<long>();
        if (max >= classWeights.shape[0])
        {
            var padded = cat([classWeights, ones(max + 1 - classWeights.shape[0], device: classWeights.device)]);
            return padded.index_select(0, index.flatten()).reshape(targets.shape);
        }
        return classWeights.index_select(0, index.flatten()).reshape(targets.shape);
    }
}
