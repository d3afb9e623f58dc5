namespace Lepton.Tracking.Remote;

/// <summary>What <c>GET /health</c> answers.</summary>
public sealed record HealthStatus(string Status);
