namespace Lepton.Cluster.Placement;

/// <summary>
/// Places a grain whose key is a silo's address on that silo, and nowhere else: one activation per silo, chosen by the
/// caller, for work that must be spread evenly over the machines (a silo's trial worker).
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.silo-keyed-placement")]
internal sealed class SiloKeyedPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static SiloKeyedPlacement Instance { get; } = new();
}
