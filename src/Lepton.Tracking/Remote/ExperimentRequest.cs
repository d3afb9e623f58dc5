namespace Lepton.Tracking.Remote;

/// <summary>The body of <c>POST /api/experiments</c>.</summary>
public sealed record ExperimentRequest(string Name);
