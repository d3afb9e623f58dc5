namespace Lepton.Tracking.Remote;

/// <summary>The body of <c>PATCH /api/models/{name}</c>.</summary>
public sealed record UpdateModelRequest(string? Description);
