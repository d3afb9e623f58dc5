using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lepton.Nn.Optimizers;

/// <summary>Adam (Kingma and Ba), with L2 weight decay folded into the gradient.</summary>
public sealed class Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, double weightDecay = 0, LearningRateSchedule? schedule = null)
    : Optimizer(learningRate, schedule)
{
    /// <inheritdoc />
    public override string Name => "adam";

    /// <summary>The first-moment decay.</summary>
    public double Beta1 { get; } = beta1;

    /// <summary>The second-moment decay.</summary>
    public double Beta2 { get; } = beta2;

    /// <summary>The numerical stabilizer (Keras's default 1e-7).</summary>
    public double Epsilon { get; } = epsilon;

    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; } = weightDecay;

    /// <inheritdoc />
    protected override optim.Optimizer Create(IReadOnlyList<Parameter> parameters, double learningRate) =>
        optim.Adam(parameters, learningRate, Beta1, Beta2, Epsilon, WeightDecay);
}
