using System.Globalization;

namespace Lepton.Nn.Optimizers;

/// <summary>Multiplies the rate by <c>Gamma</c> every <c>StepSize</c> steps.</summary>
public sealed class StepDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public StepDecay(double initialRate, long stepSize, double gamma = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initialRate, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(gamma, 0);
        InitialRate = initialRate;
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialRate { get; }

    /// <summary>Steps between decays.</summary>
    public long StepSize { get; }

    /// <summary>The factor applied at each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public override double Rate(long step) => InitialRate * Math.Pow(Gamma, step / StepSize);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"step_decay({InitialRate}, every {StepSize}, x{Gamma})");
}
