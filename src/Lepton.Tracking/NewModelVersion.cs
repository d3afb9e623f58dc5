namespace Lepton.Tracking;

/// <summary>A model version to register; the registered model is created when it does not exist.</summary>
public sealed record NewModelVersion(string Name, string ArtifactHash, string Source, string? RunId = null, string? Description = null);
