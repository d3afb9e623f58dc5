using static TorchSharp.torch;

namespace Lepton.Nn.Losses;

/// <summary>The squared difference between outputs and targets, for regression.</summary>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc />
    public override string Name => "mean_squared_error";

    /// <inheritdoc />
    public override Tensor Compute(Tensor predictions, Tensor targets)
    {
        var aligned = ElementwiseShapes.Align(predictions, targets, Name);
        return (aligned - targets.to_type(aligned.dtype)).square();
    }
}
