using static TorchSharp.torch;

namespace Lepton.Nn.Losses;

/// <summary>
/// Cross-entropy for yes/no outputs, one independent probability per output element: a single sigmoid
/// output <c>(N, 1)</c> against targets <c>(N)</c> or <c>(N, 1)</c>, or multi-label outputs <c>(N, K)</c>.
/// Targets are 0/1 or soft labels in [0, 1].
/// </summary>
public sealed class BinaryCrossentropy(bool fromLogits = false) : Loss
{
    /// <inheritdoc />
    public override string Name => "binary_crossentropy";

    /// <inheritdoc />
    public override bool FromLogits { get; } = fromLogits;

    /// <inheritdoc />
    public override Tensor Compute(Tensor predictions, Tensor targets)
    {
        var aligned = ElementwiseShapes.Align(predictions, targets, Name);
        var t = targets.to_type(aligned.dtype);
        if (FromLogits)
        {
            // max(x, 0) − x·t + log(1 + e^−|x|): never exponentiates a large positive number.
            return aligned.clamp_min(0) - aligned * t + aligned.abs().neg().exp().log1p();
        }
        var p = aligned.clamp(CrossEntropyShapes.Epsilon, 1 - CrossEntropyShapes.Epsilon);
        return (t * p.log() + (1 - t) * (1 - p).log()).neg();
    }

    /// <inheritdoc />
    public override Tensor ToProbabilities(Tensor predictions) => FromLogits ? predictions.sigmoid() : predictions.alias();

    /// <summary>The weight of each target's class, rounding soft targets to the nearer of 0 and 1.</summary>
    public override Tensor ClassWeightsFor(Tensor targets, Tensor classWeights) =>
        CrossEntropyShapes.WeightsOfIndices(targets.is_floating_point() ? targets.round() : targets, classWeights);
}
