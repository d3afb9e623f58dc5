namespace Lepton.Export.Compression;

/// <summary>
/// Zhu and Gupta's (2017) gradual pruning schedule, as TensorFlow Model Optimization's <c>PolynomialDecay</c>:
/// s_t = s_f + (s_i − s_f)(1 − (t − t0)/(t_end − t0))^power for t0 ≤ t ≤ t_end, s_i before and s_f after, with power 3
/// by default. It prunes fast at first, while many weights are redundant, and slowly near the end.
/// </summary>
public sealed class PolynomialDecay : PruningSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialSparsity">s_i, the sparsity at the begin step.</param>
    /// <param name="finalSparsity">s_f, the sparsity reached at the end step.</param>
    /// <param name="beginStep">t0, the first optimizer step that prunes.</param>
    /// <param name="endStep">t_end, the step that reaches the final sparsity (the masks stay fixed after it).</param>
    /// <param name="power">The exponent of the decay (3 in Zhu and Gupta).</param>
    /// <param name="frequency">Masks are updated every this many steps (Δt; TensorFlow's default is 100).</param>
    public PolynomialDecay(double initialSparsity, double finalSparsity, long beginStep, long endStep, double power = 3, long frequency = 100)
        : base(beginStep, endStep, frequency)
    {
        InitialSparsity = CheckSparsity(initialSparsity, nameof(initialSparsity));
        FinalSparsity = CheckSparsity(finalSparsity, nameof(finalSparsity));
        if (!(power > 0) || double.IsInfinity(power))
            throw new ArgumentOutOfRangeException(nameof(power), power, "The decay's power must be a positive finite number (3 in Zhu and Gupta).");
        Power = power;
    }

    /// <summary>s_i, the sparsity at the begin step.</summary>
    public double InitialSparsity { get; }

    /// <inheritdoc />
    public override double FinalSparsity { get; }

    /// <summary>The exponent of the decay.</summary>
    public double Power { get; }

    /// <inheritdoc />
    public override double SparsityAt(long step)
    {
        if (EndStep == BeginStep) return step < BeginStep ? InitialSparsity : FinalSparsity;
        var progress = Math.Clamp((double)(step - BeginStep) / (EndStep - BeginStep), 0, 1);
        return FinalSparsity + ((InitialSparsity - FinalSparsity) * Math.Pow(1 - progress, Power));
    }

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"PolynomialDecay({InitialSparsity:0.###} → {FinalSparsity:0.###}, steps {BeginStep}–{EndStep}, power {Power:0.###}, every {Frequency})");
}
