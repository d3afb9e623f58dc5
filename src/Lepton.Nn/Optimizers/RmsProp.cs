using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lepton.Nn.Optimizers;

/// <summary>RMSprop: divides the gradient by a running average of its magnitude.</summary>
public sealed class RmsProp(double learningRate = 0.001, double rho = 0.9, double momentum = 0, double epsilon = 1e-7, bool centered = false, LearningRateSchedule? schedule = null)
    : Optimizer(learningRate, schedule)
{
    /// <inheritdoc />
    public override string Name => "rmsprop";

    /// <summary>The decay of the running average (PyTorch's alpha).</summary>
    public double Rho { get; } = rho;

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; } = momentum;

    /// <summary>The numerical stabilizer.</summary>
    public double Epsilon { get; } = epsilon;

    /// <summary>Whether the gradient is normalized by its estimated variance.</summary>
    public bool Centered { get; } = centered;

    /// <inheritdoc />
    protected override optim.Optimizer Create(IReadOnlyList<Parameter> parameters, double learningRate) =>
        optim.RMSProp(parameters, learningRate, Rho, Epsilon, weight_decay: 0, momentum: Momentum, centered: Centered);
}
