namespace Lepton.Tracking.Remote;

/// <summary>The body of <c>POST /api/models/{name}/versions</c>.</summary>
public sealed record CreateVersionRequest(string ArtifactHash, string Source, string? RunId = null, string? Description = null);
