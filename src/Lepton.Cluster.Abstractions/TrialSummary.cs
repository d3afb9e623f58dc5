namespace Lepton.Cluster;

/// <summary>One trial of a study as a cluster reports it to clients.</summary>
[GenerateSerializer, Immutable, Alias("lepton.trial-summary")]
public sealed record TrialSummary
{
    /// <summary>The store's id of the trial.</summary>
    [Id(0)] public required long Id { get; init; }

    /// <summary>The trial's number in its study.</summary>
    [Id(1)] public required int Number { get; init; }

    /// <summary>running, complete, pruned or failed.</summary>
    [Id(2)] public required string State { get; init; }

    /// <summary>The objective's value (a pruned trial's last reported value).</summary>
    [Id(3)] public double? Value { get; init; }

    /// <summary>The parameters (internal values by name).</summary>
    [Id(4)] public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>The last step reported, or null.</summary>
    [Id(5)] public int? LastStep { get; init; }

    /// <summary>When it started.</summary>
    [Id(6)] public DateTimeOffset Started { get; init; }

    /// <summary>When it finished, if it has.</summary>
    [Id(7)] public DateTimeOffset? Finished { get; init; }

    /// <summary>Why it failed.</summary>
    [Id(8)] public string? Error { get; init; }

    /// <summary>The trial lost with its silo that this one runs again, or null.</summary>
    [Id(9)] public int? RequeueOf { get; init; }

    /// <summary>Whether it failed because its worker stopped (its silo died or its heartbeat went stale); it is re-queued.</summary>
    [Id(10)] public bool Lost { get; init; }

    /// <summary>For a running trial, the worker (a silo's address) the coordinator gave it to, when it knows.</summary>
    [Id(11)] public string? Worker { get; init; }
}
