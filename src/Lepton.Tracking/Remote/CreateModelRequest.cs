namespace Lepton.Tracking.Remote;

/// <summary>The body of <c>POST /api/models</c>.</summary>
public sealed record CreateModelRequest(string Name, string? Description = null);
