using Orleans.Placement;

namespace Lepton.Cluster.Placement;

/// <summary>Marks a grain keyed by a silo's address to be placed on that silo (<see cref="SiloKeyedPlacement"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class SiloKeyedPlacementAttribute() : PlacementAttribute(SiloKeyedPlacement.Instance);
