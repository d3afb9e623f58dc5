namespace Lepton.Tracking;

/// <summary>
/// One move of a model's alias: the version it pointed at before (null: it was set for the first time) and after (null:
/// it was removed), when, and by whom (<c>user@host</c> of the process that moved it).
/// </summary>
public sealed record AliasChange(string Name, string Alias, int? FromVersion, int? ToVersion, DateTimeOffset ChangedAt, string Actor);
