using static TorchSharp.torch;

namespace Lepton.Nn.Losses;

/// <summary>The absolute difference between outputs and targets, for regression that should shrug off outliers.</summary>
public sealed class MeanAbsoluteError : Loss
{
    /// <inheritdoc />
    public override string Name => "mean_absolute_error";

    /// <inheritdoc />
    public override Tensor Compute(Tensor predictions, Tensor targets)
    {
        var aligned = ElementwiseShapes.Align(predictions, targets, Name);
        return (aligned - targets.to_type(aligned.dtype)).abs();
    }
}
