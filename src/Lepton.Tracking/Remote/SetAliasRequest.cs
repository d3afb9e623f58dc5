namespace Lepton.Tracking.Remote;

/// <summary>The body of <c>PUT /api/models/{name}/aliases/{alias}</c>.</summary>
public sealed record SetAliasRequest(int Version);
