namespace Lepton.Tracking;

/// <summary>A model kept in the registry under a name, with numbered versions and movable aliases.</summary>
public sealed record RegisteredModel(
    string Name,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int LatestVersion,
    IReadOnlyDictionary<string, int> Aliases);
