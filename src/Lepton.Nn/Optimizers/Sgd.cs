using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lepton.Nn.Optimizers;

/// <summary>Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay.</summary>
public sealed class Sgd(double learningRate = 0.01, double momentum = 0, bool nesterov = false, double weightDecay = 0, LearningRateSchedule? schedule = null)
    : Optimizer(learningRate, schedule)
{
    /// <inheritdoc />
    public override string Name => "sgd";

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; } = momentum >= 0 ? momentum : throw new ArgumentOutOfRangeException(nameof(momentum), "Momentum cannot be negative.");

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; } = nesterov && momentum <= 0 ? throw new ArgumentException("Nesterov momentum needs a positive momentum.", nameof(nesterov)) : nesterov;

    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; } = weightDecay;

    /// <inheritdoc />
    protected override optim.Optimizer Create(IReadOnlyList<Parameter> parameters, double learningRate) =>
        optim.SGD(parameters, learningRate, Momentum, dampening: 0, weight_decay: WeightDecay, nesterov: Nesterov);
}
