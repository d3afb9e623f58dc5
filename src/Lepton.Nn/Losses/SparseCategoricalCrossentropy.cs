using static TorchSharp.torch;

namespace Lepton.Nn.Losses;

/// <summary>
/// Cross-entropy between integer class targets and class scores on the last dimension: outputs
/// <c>(N, …, C)</c>, targets <c>(N, …)</c> holding class indices.
/// </summary>
public sealed class SparseCategoricalCrossentropy(bool fromLogits = false) : Loss
{
    /// <inheritdoc />
    public override string Name => "sparse_categorical_crossentropy";

    /// <inheritdoc />
    public override bool FromLogits { get; } = fromLogits;

    /// <inheritdoc />
    public override Tensor Compute(Tensor predictions, Tensor targets)
    {
        CrossEntropyShapes.CheckSparse(predictions, targets, Name);
        var classes = predictions.shape[^1];
        var indices = targets.reshape(-1).to(ScalarType.Int64);
        if (FromLogits)
        {
            // libtorch's fused log-softmax + NLL: one kernel on the training hot path.
            return nn.functional.cross_entropy(predictions.reshape(-1, classes), indices, reduction: nn.Reduction.None).reshape(targets.shape);
        }
        var logProbabilities = predictions.clamp(CrossEntropyShapes.Epsilon, 1.0).log();
        return logProbabilities.reshape(-1, classes).gather(1, indices.unsqueeze(1)).neg().reshape(targets.shape);
    }

    /// <inheritdoc />
    public override Tensor ToProbabilities(Tensor predictions) => FromLogits ? predictions.softmax(-1) : predictions.alias();

    /// <inheritdoc />
    public override Tensor ClassWeightsFor(Tensor targets, Tensor classWeights) =>
        CrossEntropyShapes.WeightsOfIndices(targets, classWeights);
}
