using Lepton.Tuning.Pruners;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning;

/// <summary>How a <see cref="Tuner"/> runs a study.</summary>
public sealed record TunerOptions
{
    /// <summary>The study's name in the store: a second run with the same name resumes it.</summary>
    public string StudyName { get; init; } = "study";

    /// <summary>Whether lower (a loss) or higher (accuracy) objective values are better.</summary>
    public StudyDirection Direction { get; init; } = StudyDirection.Minimize;

    /// <summary>How parameters are chosen; <see cref="TpeSampler"/> with <see cref="Seed"/> when null.</summary>
    public ISampler? Sampler { get; init; }

    /// <summary>What stops trials early; <see cref="MedianPruner"/> when null (use <see cref="NoPruner"/> for none).</summary>
    public IPruner? Pruner { get; init; }

    /// <summary>Where the study lives; a new <see cref="InMemoryStudyStore"/> when null.</summary>
    public IStudyStore? Store { get; init; }

    /// <summary>
    /// The trials the study should have in all, counting those of earlier runs and of other workers (so a resumed
    /// study goes on to the same total); when null, the sampler's limit (a grid's size), else 100.
    /// </summary>
    public int? Trials { get; init; }

    /// <summary>Trials run at once in this process.</summary>
    public int MaxParallel { get; init; } = 1;

    /// <summary>No trial starts after this much time; running ones finish (Optuna's timeout). Null for none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>How often a running trial marks its worker alive; a trial silent for twice this long is failed by the next worker that opens the study.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The default sampler's seed.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(StudyName, nameof(StudyName));
        if (!Enum.IsDefined(Direction)) throw new ArgumentOutOfRangeException(nameof(Direction), Direction, "Unknown direction.");
        if (Trials is < 1) throw new ArgumentOutOfRangeException(nameof(Trials), Trials, "A study needs at least one trial.");
        if (MaxParallel < 1) throw new ArgumentOutOfRangeException(nameof(MaxParallel), MaxParallel, "At least one trial runs at a time.");
        if (TimeLimit is { } limit && limit <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TimeLimit), limit, "The time limit must be positive.");
        if (HeartbeatInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, "The heartbeat interval must be positive.");
    }
}
