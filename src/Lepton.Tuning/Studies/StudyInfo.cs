using Lepton.Tuning.Spaces;

namespace Lepton.Tuning.Studies;

/// <summary>A study as a store keeps it: its name, direction and search space.</summary>
public sealed record StudyInfo
{
    /// <summary>The store's id of the study.</summary>
    public required long Id { get; init; }

    /// <summary>The study's name, unique in its store.</summary>
    public required string Name { get; init; }

    /// <summary>Whether lower or higher values are better.</summary>
    public required StudyDirection Direction { get; init; }

    /// <summary>The parameters searched.</summary>
    public required SearchSpace Space { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset Created { get; init; }
}
