using Orleans.Runtime.Placement;

namespace Lepton.Cluster.Placement;

/// <summary>Activates a <see cref="SiloKeyedPlacement"/> grain on the silo its key names, and refuses when that silo is not in the cluster.</summary>
internal sealed class SiloKeyedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToParsableString() == key);
        return silo is not null
            ? Task.FromResult(silo)
            : throw new OrleansException($"The silo {key} named by grain {target.GrainIdentity} is not an active member of the cluster; the grain lives only there.");
    }
}
