using static TorchSharp.torch;

namespace Lepton.Nn.Losses;

/// <summary>
/// Cross-entropy between one-hot or soft targets and class scores on the last dimension: outputs and targets
/// both <c>(N, …, C)</c>. For integer class targets use <see cref="SparseCategoricalCrossentropy"/>.
/// </summary>
public sealed class CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0) : Loss
{
    /// <inheritdoc />
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc />
    public override bool FromLogits { get; } = fromLogits;

    /// <summary>
    /// How much of each target moves to a uniform spread over the classes: targets become
    /// <c>t·(1 − s) + s / C</c>. Zero leaves them as they are.
    /// </summary>
    public double LabelSmoothing { get; } = labelSmoothing is >= 0 and <= 1
        ? labelSmoothing
        : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be between 0 and 1.");

    /// <inheritdoc />
    public override Tensor Compute(Tensor predictions, Tensor targets)
    {
        CrossEntropyShapes.CheckSameShape(predictions, targets, Name);
        var t = targets.to_type(predictions.dtype);
        if (LabelSmoothing > 0) t = t * (1 - LabelSmoothing) + LabelSmoothing / predictions.shape[^1];
        var logProbabilities = FromLogits
            ? predictions.log_softmax(-1)
            : predictions.clamp(CrossEntropyShapes.Epsilon, 1.0).log();
        return (t * logProbabilities).sum(-1).neg();
    }

    /// <inheritdoc />
    public override Tensor ToProbabilities(Tensor predictions) => FromLogits ? predictions.softmax(-1) : predictions.alias();

    /// <summary>Each target's class weight; a soft target gets the average of the class weights it spreads over.</summary>
    public override Tensor ClassWeightsFor(Tensor targets, Tensor classWeights) =>
        CrossEntropyShapes.WeightsOfDistributions(targets, classWeights, Name);
}
