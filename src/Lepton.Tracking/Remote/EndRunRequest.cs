namespace Lepton.Tracking.Remote;

/// <summary>The body of <c>POST /api/runs/{id}/end</c>.</summary>
public sealed record EndRunRequest(RunStatus Status, DateTimeOffset? EndTime = null);
