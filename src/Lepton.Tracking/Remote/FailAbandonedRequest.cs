namespace Lepton.Tracking.Remote;

/// <summary>The body of <c>POST /api/runs/fail-abandoned</c>.</summary>
public sealed record FailAbandonedRequest(double StaleAfterSeconds);
