namespace Lepton.Tracking;

/// <summary>One numbered version of a registered model: the model file (by content hash) and the run that made it.</summary>
/// <param name="Name">The registered model's name.</param>
/// <param name="Version">1, 2, 3, … per model.</param>
/// <param name="RunId">The run that produced it, or null for a file registered by hand.</param>
/// <param name="ArtifactHash">SHA-256 of the <c>.lepton</c> file in the artifact store.</param>
/// <param name="Source">Where it came from, e.g. <c>runs:/RUN/model.lepton</c> or a file path.</param>
/// <param name="Description">Free text.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="Aliases">The aliases pointing at this version.</param>
public sealed record ModelVersion(
    string Name,
    int Version,
    string? RunId,
    string ArtifactHash,
    string Source,
    string? Description,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Aliases);
