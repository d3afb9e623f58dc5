namespace Lepton.Cluster;

/// <summary>A study's state in a cluster: every trial so far, and whether the study is complete.</summary>
[GenerateSerializer, Immutable, Alias("lepton.study-progress")]
public sealed record StudyProgress
{
    /// <summary>The study's name.</summary>
    [Id(0)] public required string Study { get; init; }

    /// <summary>Trials the study should have in all, not counting trials lost with a silo.</summary>
    [Id(1)] public required int Target { get; init; }

    /// <summary>Every trial in number order.</summary>
    [Id(2)] public IReadOnlyList<TrialSummary> Trials { get; init; } = [];

    /// <summary>Whether every trial has run: none runs, none waits to be re-queued, and the target is reached.</summary>
    [Id(3)] public bool IsComplete { get; init; }

    /// <summary>The silos whose workers run the study's trials (their addresses).</summary>
    [Id(4)] public IReadOnlyList<string> Workers { get; init; } = [];

    /// <summary>The silo the study's coordinator runs on (its address).</summary>
    [Id(5)] public string Coordinator { get; init; } = "";
}
