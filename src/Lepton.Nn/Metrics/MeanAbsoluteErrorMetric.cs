using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>The mean absolute difference between outputs and targets over every element of the pass; named <c>mae</c>.</summary>
public sealed class MeanAbsoluteErrorMetric : ElementwiseErrorMetric
{
    /// <inheritdoc />
    public override string Name => "mae";

    /// <inheritdoc />
    public override Metric Clone() => new MeanAbsoluteErrorMetric();

    private protected override Tensor Penalty(Tensor errors) => errors.abs();

    private protected override double Finish(double meanPenalty) => meanPenalty;
}
