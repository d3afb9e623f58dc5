using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lepton.Nn.Optimizers;

/// <summary>Adagrad: per-parameter learning rates from the sum of squared gradients.</summary>
public sealed class Adagrad(double learningRate = 0.001, double initialAccumulatorValue = 0.1, double epsilon = 1e-7, LearningRateSchedule? schedule = null)
    : Optimizer(learningRate, schedule)
{
    /// <inheritdoc />
    public override string Name => "adagrad";

    /// <summary>The starting value of the squared-gradient sum.</summary>
    public double InitialAccumulatorValue { get; } = initialAccumulatorValue;

    /// <summary>The numerical stabilizer.</summary>
    public double Epsilon { get; } = epsilon;

    /// <inheritdoc />
    protected override optim.Optimizer Create(IReadOnlyList<Parameter> parameters, double learningRate) =>
        optim.Adagrad(parameters, learningRate, lr_decay: 0, weight_decay: 0, initial_accumulator_value: InitialAccumulatorValue, eps: Epsilon);
}
