using static TorchSharp.torch;

namespace Lepton.Nn.Losses;

/// <summary>
/// Kullback–Leibler divergence from the predicted distribution to the target distribution over the last
/// dimension, as in Keras: <c>Σ t·log(t / p)</c> with both clamped to [ε, 1]. Outputs are probabilities.
/// </summary>
public sealed class KLDivergence : Loss
{
    /// <inheritdoc />
    public override string Name => "kl_divergence";

    /// <inheritdoc />
    public override Tensor Compute(Tensor predictions, Tensor targets)
    {
        CrossEntropyShapes.CheckSameShape(predictions, targets, Name);
        var t = targets.to_type(predictions.dtype).clamp(CrossEntropyShapes.Epsilon, 1.0);
        var p = predictions.clamp(CrossEntropyShapes.Epsilon, 1.0);
        return (t * (t / p).log()).sum(-1);
    }
}
