using System.Globalization;

namespace Lepton.Nn.Optimizers;

/// <summary>Cosine annealing from the initial rate down to <c>Alpha</c>·initial over <c>DecaySteps</c>, with optional linear warm-up.</summary>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public CosineDecay(double initialRate, long decaySteps, double alpha = 0, long warmupSteps = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initialRate, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(decaySteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        if (alpha is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha is a fraction of the initial rate, from 0 to 1.");
        InitialRate = initialRate;
        DecaySteps = decaySteps;
        Alpha = alpha;
        WarmupSteps = warmupSteps;
    }

    /// <summary>The peak rate.</summary>
    public double InitialRate { get; }

    /// <summary>Steps over which the rate decays (after warm-up).</summary>
    public long DecaySteps { get; }

    /// <summary>The final rate as a fraction of the initial one.</summary>
    public double Alpha { get; }

    /// <summary>Steps of linear warm-up from 0 to the initial rate.</summary>
    public long WarmupSteps { get; }

    /// <inheritdoc />
    public override double Rate(long step)
    {
        if (step < WarmupSteps) return InitialRate * (step + 1) / WarmupSteps;
        var t = Math.Min(step - WarmupSteps, DecaySteps) / (double)DecaySteps;
        var cosine = 0.5 * (1 + Math.Cos(Math.PI * t));
        return InitialRate * ((1 - Alpha) * cosine + Alpha);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"cosine_decay({InitialRate}, {DecaySteps} steps, alpha {Alpha}, warmup {WarmupSteps})");
}
