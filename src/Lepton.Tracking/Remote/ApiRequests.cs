namespace Lepton.Tracking.Remote;

// The bodies the HTTP API takes and gives besides the store's own records (which travel as they are). Client and
// server share these types, so the wire format is defined once.

/// <summary>An error: <c>{"error": "what happened", "kind": "not_found"}</c>.</summary>
internal sealed record ApiError(string Error, string Kind);

/// <summary>The body of <c>POST /api/experiments</c>.</summary>
internal sealed record ExperimentRequest(string Name);

/// <summary>The body of <c>POST /api/runs</c>: a <see cref="RunStart"/> with the caller's host, process and environment.</summary>
internal sealed record RunStartRequest(
    string Experiment,
    string? Name = null,
    string? Source = null,
    string? GitCommit = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    RunEnvironment? Environment = null,
    DateTimeOffset? StartTime = null,
    string? Host = null,
    int? ProcessId = null);

/// <summary>The body of <c>POST /api/runs/{id}/end</c>.</summary>
internal sealed record EndRunRequest(RunStatus Status, DateTimeOffset? EndTime = null);

/// <summary>The body of <c>POST /api/runs/fail-abandoned</c>.</summary>
internal sealed record FailAbandonedRequest(double StaleAfterSeconds);

/// <summary>One page of a metric's history: <paramref name="Total"/> points in all, these from <paramref name="Offset"/>.</summary>
internal sealed record MetricHistoryPage(string Key, int Total, int Offset, IReadOnlyList<MetricPoint> Points);

/// <summary>The body of <c>POST /api/models</c>.</summary>
internal sealed record CreateModelRequest(string Name, string? Description = null);

/// <summary>The body of <c>PATCH /api/models/{name}</c>.</summary>
internal sealed record UpdateModelRequest(string? Description);

/// <summary>The body of <c>POST /api/models/{name}/versions</c>.</summary>
internal sealed record CreateVersionRequest(string ArtifactHash, string Source, string? RunId = null, string? Description = null);

/// <summary>The body of <c>PUT /api/models/{name}/aliases/{alias}</c>.</summary>
internal sealed record SetAliasRequest(int Version);

/// <summary>The body of <c>POST /api/models/{name}/versions/{version}/deployments</c>.</summary>
internal sealed record DeploymentRequest(string Target);

/// <summary>What <c>GET /health</c> answers.</summary>
internal sealed record HealthStatus(string Status);
