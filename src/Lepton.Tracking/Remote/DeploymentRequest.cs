namespace Lepton.Tracking.Remote;

/// <summary>The body of <c>POST /api/models/{name}/versions/{version}/deployments</c>.</summary>
public sealed record DeploymentRequest(string Target);
