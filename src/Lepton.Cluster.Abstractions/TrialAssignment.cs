namespace Lepton.Cluster;

/// <summary>A coordinator's answer to a worker: a trial to run (started in the store, parameters drawn), or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("lepton.trial-assignment")]
public sealed record TrialAssignment
{
    /// <summary>Run, wait, done or unknown.</summary>
    [Id(0)] public required TrialAssignmentKind Kind { get; init; }

    /// <summary>The store's id of the trial to run.</summary>
    [Id(1)] public long TrialId { get; init; }

    /// <summary>The trial's number in its study.</summary>
    [Id(2)] public int Number { get; init; }

    /// <summary>The trial's parameters (internal values by name, as the store keeps them).</summary>
    [Id(3)] public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>For a re-queued trial, the number of the trial lost with its silo that this one runs again.</summary>
    [Id(4)] public int? RequeueOf { get; init; }

    /// <summary>An answer with no trial.</summary>
    public static TrialAssignment None(TrialAssignmentKind kind) => new() { Kind = kind };
}
