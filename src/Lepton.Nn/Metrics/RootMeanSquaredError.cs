using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// The square root of the mean squared difference over every element of the pass (not an average of per-batch
/// roots); named <c>rmse</c>.
/// </summary>
public sealed class RootMeanSquaredError : ElementwiseErrorMetric
{
    /// <inheritdoc />
    public override string Name => "rmse";

    /// <inheritdoc />
    public override Metric Clone() => new RootMeanSquaredError();

    private protected override Tensor Penalty(Tensor errors) => errors.square();

    private protected override double Finish(double meanPenalty) => Math.Sqrt(meanPenalty);
}
