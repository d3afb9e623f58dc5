namespace Lepton.Tracking;

/// <summary>A model version to register; the registered model is created when it does not exist.</summary>
public sealed record NewModelVersion(string Name, string ArtifactHash, string Source, string? RunId = null, string? Description = null)
{
    /// <summary>Throws an Invalid <see cref="TrackingException"/> naming the first field a store cannot keep.</summary>
    internal void Check()
    {
        Names.CheckName(Name, "model", isModel: true);
        Names.CheckHash(ArtifactHash);
        if (string.IsNullOrWhiteSpace(Source) || Source.Length > 2000) throw TrackingException.Invalid("A model version needs a source (where the file came from) of at most 2000 characters.");
        if (RunId is not null) Names.CheckRunId(RunId);
        Names.CheckDescription(Description);
    }
}
