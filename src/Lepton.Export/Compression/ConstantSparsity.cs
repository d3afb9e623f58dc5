namespace Lepton.Export.Compression;

/// <summary>
/// One sparsity from the begin step on, as TensorFlow Model Optimization's <c>ConstantSparsity</c>: prunes a trained
/// model at once, then keeps the masks while fine-tuning.
/// </summary>
public sealed class ConstantSparsity : PruningSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="sparsity">The fraction of weights set to zero.</param>
    /// <param name="beginStep">The first optimizer step that prunes (0: before the first step).</param>
    /// <param name="endStep">The last step that re-computes the masks; by default the begin step, so the masks chosen first stay.</param>
    /// <param name="frequency">Masks are re-computed every this many steps between the two.</param>
    public ConstantSparsity(double sparsity, long beginStep = 0, long? endStep = null, long frequency = 100)
        : base(beginStep, endStep ?? beginStep, frequency) => FinalSparsity = CheckSparsity(sparsity, nameof(sparsity));

    /// <inheritdoc />
    public override double FinalSparsity { get; }

    /// <inheritdoc />
    public override double SparsityAt(long step) => step < BeginStep ? 0 : FinalSparsity;

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"ConstantSparsity({FinalSparsity:0.###} from step {BeginStep})");
}
