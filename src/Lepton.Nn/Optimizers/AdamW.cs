using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lepton.Nn.Optimizers;

/// <summary>Adam with decoupled weight decay (Loshchilov and Hutter).</summary>
public sealed class AdamW(double learningRate = 0.001, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, LearningRateSchedule? schedule = null)
    : Optimizer(learningRate, schedule)
{
    /// <inheritdoc />
    public override string Name => "adamw";

    /// <summary>The decoupled weight decay.</summary>
    public double WeightDecay { get; } = weightDecay;

    /// <summary>The first-moment decay.</summary>
    public double Beta1 { get; } = beta1;

    /// <summary>The second-moment decay.</summary>
    public double Beta2 { get; } = beta2;

    /// <summary>The numerical stabilizer.</summary>
    public double Epsilon { get; } = epsilon;

    /// <inheritdoc />
    protected override optim.Optimizer Create(IReadOnlyList<Parameter> parameters, double learningRate) =>
        optim.AdamW(parameters, learningRate, Beta1, Beta2, Epsilon, WeightDecay);
}
