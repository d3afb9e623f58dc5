namespace Lepton.Tracking;

/// <summary>What a new run records when it starts.</summary>
/// <param name="Experiment">The experiment's name; created when it does not exist.</param>
/// <param name="Name">A human name for the run; generated when null.</param>
/// <param name="Source">The command line, spec or code that produces it.</param>
/// <param name="GitCommit">The git commit of the code, when known.</param>
/// <param name="Tags">Tags to set at once.</param>
public sealed record RunStart(
    string Experiment,
    string? Name = null,
    string? Source = null,
    string? GitCommit = null,
    IReadOnlyDictionary<string, string>? Tags = null)
{
    /// <summary>The environment to record; this process's when null.</summary>
    public RunEnvironment? Environment { get; init; }

    /// <summary>The start time; now when null.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>The host and process running it; this process when null.</summary>
    public (string Host, int ProcessId)? Process { get; init; }
}
