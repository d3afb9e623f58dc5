using static TorchSharp.torch;

namespace Lepton.Nn.Losses;

/// <summary>
/// Squared error for small errors and absolute error beyond <see cref="Delta"/>: <c>½e²</c> when
/// <c>|e| ≤ δ</c>, else <c>δ(|e| − ½δ)</c>. Regression that is smooth near zero yet robust to outliers.
/// </summary>
public sealed class Huber(double delta = 1.0) : Loss
{
    /// <inheritdoc />
    public override string Name => "huber";

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public double Delta { get; } = delta > 0 && double.IsFinite(delta)
        ? delta
        : throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber's delta must be a positive number.");

    /// <inheritdoc />
    public override Tensor Compute(Tensor predictions, Tensor targets)
    {
        var aligned = ElementwiseShapes.Align(predictions, targets, Name);
        var error = (aligned - targets.to_type(aligned.dtype)).abs();
        // Branch-free: the part of |e| up to δ is squared, the rest grows linearly.
        var quadratic = error.clamp_max(Delta);
        var linear = error - quadratic;
        return 0.5 * quadratic.square() + Delta * linear;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}(delta={Delta})";
}
