namespace Lepton.Tracking.Remote;

/// <summary>An error: <c>{"error": "what happened", "kind": "not_found"}</c>.</summary>
public sealed record ApiError(string Error, string Kind);
