using static TorchSharp.torch;

namespace Lepton.Nn.Losses;

/// <summary>
/// A training objective. <see cref="Compute"/> returns the loss of every target element unreduced, so sample
/// and class weights apply to targets of any shape; the trainer takes the (weighted) mean.
/// </summary>
public abstract class Loss
{
    /// <summary>The Keras name of the loss (<c>sparse_categorical_crossentropy</c>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The unreduced loss: one value per target element, shaped like the target with any class dimension removed.
    /// </summary>
    public abstract Tensor Compute(Tensor predictions, Tensor targets);

    /// <summary>True when the model outputs logits and the loss applies softmax/sigmoid itself.</summary>
    public virtual bool FromLogits => false;

    /// <summary>What metrics and probability predictions see: softmax or sigmoid of logits, else the outputs unchanged.</summary>
    public virtual Tensor ToProbabilities(Tensor predictions) => predictions.alias();

    /// <summary>
    /// Per-element weights from class weights, shaped like <see cref="Compute"/>'s result. Only classification
    /// losses know which class a target is; the others refuse.
    /// </summary>
    public virtual Tensor ClassWeightsFor(Tensor targets, Tensor classWeights) =>
        throw new InvalidOperationException($"Class weights need a classification loss; '{Name}' has no classes.");

    /// <summary>The loss as text for model files and summaries.</summary>
    public override string ToString() => Name;
}
