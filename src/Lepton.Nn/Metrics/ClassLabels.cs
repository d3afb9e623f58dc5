using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>Turns outputs and targets of the usual classification layouts into predicted and true class indices.</summary>
internal static class ClassLabels
{
    /// <summary>
    /// Outputs <c>(N, …, C)</c> with class-index targets <c>(N, …)</c>, or one-hot targets <c>(N, …, C)</c>; or binary
    /// outputs <c>(N[, 1])</c> thresholded at <paramref name="threshold"/>.
    /// </summary>
    public static (Tensor Predicted, Tensor Actual) Of(Tensor outputs, Tensor targets, double threshold = 0.5)
    {
        var o = outputs.shape;
        var t = targets.shape;
        if (IsBinary(o, t))
        {
            var p = outputs.reshape(-1).ge(threshold).to(ScalarType.Int64);
            var a = Rounded(targets.reshape(-1)).to(ScalarType.Int64);
            if (p.shape[0] != a.shape[0])
                throw new ShapeMismatchException($"Binary outputs of shape [{string.Join(", ", o)}] do not match targets of shape [{string.Join(", ", t)}].");
            return (p, a);
        }
        if (o.Length == t.Length + 1 && o.AsSpan(0, t.Length).SequenceEqual(t))
            return (outputs.argmax(-1), targets.to(ScalarType.Int64));
        if (o.SequenceEqual(t))
            return (outputs.argmax(-1), targets.argmax(-1));
        throw new ShapeMismatchException(
            $"Outputs of shape [{string.Join(", ", o)}] do not fit targets of shape [{string.Join(", ", t)}]: expected class indices of shape [{string.Join(", ", o[..^1])}] or one-hot targets of the outputs' shape.");
    }

    /// <summary>The number of classes <see cref="Of"/> sorts into: 2 for binary outputs, else the outputs' last dimension.</summary>
    public static int CountOf(Tensor outputs, Tensor targets) =>
        IsBinary(outputs.shape, targets.shape) ? 2 : checked((int)outputs.shape[^1]);

    /// <summary>Soft or float labels rounded to whole classes; integer labels as they are (libtorch cannot round integers).</summary>
    public static Tensor Rounded(Tensor targets) => targets.is_floating_point() ? targets.round() : targets.alias();

    /// <summary>A single output column <c>(N, …, 1)</c>, or flat outputs <c>(N)</c> against flat targets.</summary>
    private static bool IsBinary(long[] outputs, long[] targets) =>
        outputs[^1] == 1 || outputs.Length == targets.Length && outputs.Length == 1;
}
