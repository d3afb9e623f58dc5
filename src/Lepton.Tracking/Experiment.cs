namespace Lepton.Tracking;

/// <summary>A named group of runs that answer one question.</summary>
public sealed record Experiment(long Id, string Name, string? Description, DateTimeOffset CreatedAt);
