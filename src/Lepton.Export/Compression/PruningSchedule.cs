namespace Lepton.Export.Compression;

/// <summary>
/// When <see cref="Pruning"/> updates its masks and to what sparsity, by optimizer step (TensorFlow Model
/// Optimization's <c>PruningSchedule</c>): <see cref="PolynomialDecay"/> or <see cref="ConstantSparsity"/>.
/// </summary>
public abstract class PruningSchedule
{
    /// <summary>Checks the settings every schedule shares.</summary>
    /// <param name="beginStep">The first optimizer step that prunes.</param>
    /// <param name="endStep">The last step that prunes; the masks stay fixed after it.</param>
    /// <param name="frequency">Prune every this many steps between the two.</param>
    private protected PruningSchedule(long beginStep, long endStep, long frequency)
    {
        if (beginStep < 0)
            throw new ArgumentOutOfRangeException(nameof(beginStep), beginStep, "The pruning schedule's beginStep counts optimizer steps from 0; it cannot be negative.");
        if (endStep < beginStep)
            throw new ArgumentOutOfRangeException(nameof(endStep), endStep, $"The pruning schedule ends (endStep {endStep}) before it begins (beginStep {beginStep}); give an endStep at or after beginStep.");
        if (frequency < 1)
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "The pruning schedule's frequency is a number of steps, at least 1.");
        BeginStep = beginStep;
        EndStep = endStep;
        Frequency = frequency;
    }

    /// <summary>The first optimizer step that prunes.</summary>
    public long BeginStep { get; }

    /// <summary>The last optimizer step that prunes; the masks stay fixed after it.</summary>
    public long EndStep { get; }

    /// <summary>Masks are updated every this many steps from <see cref="BeginStep"/>.</summary>
    public long Frequency { get; }

    /// <summary>The sparsity the schedule asks for once training reaches the end step.</summary>
    public abstract double FinalSparsity { get; }

    /// <summary>The fraction of weights set to zero at optimizer step <paramref name="step"/>.</summary>
    public abstract double SparsityAt(long step);

    /// <summary>
    /// Whether masks are updated at <paramref name="step"/>: inside [begin, end], every <see cref="Frequency"/> steps from
    /// the beginning, and always at the end step (so the final sparsity is reached even when end − begin is not a multiple
    /// of the frequency, which TensorFlow Model Optimization would skip).
    /// </summary>
    public bool PrunesAt(long step) =>
        step >= BeginStep && step <= EndStep && ((step - BeginStep) % Frequency == 0 || step == EndStep);

    /// <summary>A sparsity must be a fraction from 0 up to, not including, 1.</summary>
    private protected static double CheckSparsity(double sparsity, string name) =>
        sparsity is >= 0 and < 1
            ? sparsity
            : throw new ArgumentOutOfRangeException(name, sparsity, $"{name} is a fraction of weights from 0 up to, not including, 1 (1 would zero every weight).");
}
