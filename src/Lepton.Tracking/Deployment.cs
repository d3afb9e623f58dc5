namespace Lepton.Tracking;

/// <summary>A model version put into service somewhere (a server, an endpoint), the last link of lineage.</summary>
public sealed record Deployment(long Id, string Name, int Version, string Target, DateTimeOffset DeployedAt);
