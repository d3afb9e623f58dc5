namespace Lepton.Cluster;

/// <summary>
/// A study as a client submits it to a cluster: what every silo needs to rebuild the study's search space and run its
/// objective. Each silo turns it into a study with the objective registered for <see cref="Objective"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.study-submission")]
public sealed record StudySubmission
{
    /// <summary>The study's name in the store: submitting the same name again resumes it.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>Which objective the silos run (<c>spec</c> for a training spec's hyperopt section).</summary>
    [Id(1)] public required string Objective { get; init; }

    /// <summary>The objective's definition: for <c>spec</c>, the spec's YAML text.</summary>
    [Id(2)] public string Definition { get; init; } = "";

    /// <summary>The table the trials train on, as every silo can reach it (a path on a shared disk), or null.</summary>
    [Id(3)] public string? Data { get; init; }

    /// <summary>Trials the study should have in all (failed ones count; trials lost with a silo do not); null for the objective's default.</summary>
    [Id(4)] public int? Trials { get; init; }

    /// <summary>The sampler's and training's seed.</summary>
    [Id(5)] public int Seed { get; init; }

    /// <summary>How often a running trial beats its heartbeat, in seconds; null for the tuner's default (10 s).</summary>
    [Id(6)] public double? HeartbeatSeconds { get; init; }
}
