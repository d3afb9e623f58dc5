using System.Globalization;

namespace Lepton.Nn.Optimizers;

/// <summary>
/// The one-cycle policy (Smith): cosine rise from <c>MaxRate/DivFactor</c> to <c>MaxRate</c> over the first
/// <c>PctStart</c> of the steps, then cosine fall to <c>MaxRate/(DivFactor·FinalDivFactor)</c>.
/// </summary>
public sealed class OneCycle : LearningRateSchedule
{
    /// <summary>Creates the schedule for a run of <paramref name="totalSteps"/> optimizer steps.</summary>
    public OneCycle(double maxRate, long totalSteps, double pctStart = 0.3, double divFactor = 25, double finalDivFactor = 1e4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxRate, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 2);
        if (pctStart is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "PctStart must lie strictly between 0 and 1.");
        MaxRate = maxRate;
        TotalSteps = totalSteps;
        PctStart = pctStart;
        DivFactor = divFactor;
        FinalDivFactor = finalDivFactor;
    }

    /// <summary>The peak rate.</summary>
    public double MaxRate { get; }

    /// <summary>The steps in the whole cycle.</summary>
    public long TotalSteps { get; }

    /// <summary>The fraction of steps spent rising.</summary>
    public double PctStart { get; }

    /// <summary>Initial rate = MaxRate / DivFactor.</summary>
    public double DivFactor { get; }

    /// <summary>Final rate = initial rate / FinalDivFactor.</summary>
    public double FinalDivFactor { get; }

    /// <inheritdoc />
    public override double Rate(long step)
    {
        var initial = MaxRate / DivFactor;
        var final = initial / FinalDivFactor;
        var peakStep = PctStart * (TotalSteps - 1);
        var s = Math.Min(step, TotalSteps - 1);
        return s <= peakStep
            ? Anneal(initial, MaxRate, s / peakStep)
            : Anneal(MaxRate, final, (s - peakStep) / (TotalSteps - 1 - peakStep));
    }

    private static double Anneal(double from, double to, double t) => to + (from - to) * 0.5 * (1 + Math.Cos(Math.PI * t));

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"one_cycle(max {MaxRate}, {TotalSteps} steps)");
}
