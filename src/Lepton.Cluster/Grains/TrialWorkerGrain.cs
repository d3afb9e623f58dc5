using Lepton.Cluster.Placement;
using Lepton.Cluster.Tuning;

namespace Lepton.Cluster.Grains;

/// <summary>
/// A silo's trial worker, keyed by and placed on its silo (<see cref="SiloKeyedPlacementAttribute"/>): exactly one per
/// silo, so CPU-bound trials spread one per machine whatever the grain counts, which activation-count or
/// resource-optimized placement cannot promise for a handful of long-running grains. The work itself runs in the
/// silo's <see cref="TrialRunner"/>, off the grain scheduler.
/// </summary>
[SiloKeyedPlacement]
internal sealed class TrialWorkerGrain(TrialRunner runner) : Grain, ITrialWorkerGrain
{
    public Task JoinAsync(StudySubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        runner.Join(this.GetPrimaryKeyString(), submission);
        return Task.CompletedTask;
    }
}
