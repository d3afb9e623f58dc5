namespace Lepton.Tracking.Remote;

/// <summary>The body of <c>POST /api/runs</c>: a <see cref="RunStart"/> with the caller's host, process and environment.</summary>
public sealed record RunStartRequest(
    string Experiment,
    string? Name = null,
    string? Source = null,
    string? GitCommit = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    RunEnvironment? Environment = null,
    DateTimeOffset? StartTime = null,
    string? Host = null,
    int? ProcessId = null);
