namespace Lepton.Tracking;

/// <summary>A run's identity and life: who started it, where, from what, and how it ended.</summary>
/// <param name="RunId">32 hexadecimal digits, time-ordered.</param>
/// <param name="ExperimentId">The experiment the run belongs to.</param>
/// <param name="Name">A human name; not unique.</param>
/// <param name="Status">Running, finished, failed or killed.</param>
/// <param name="StartTime">When the run started.</param>
/// <param name="EndTime">When it ended, or null while running.</param>
/// <param name="Source">The command line, spec or code that produced it.</param>
/// <param name="GitCommit">The git commit of the working folder, when there is one.</param>
/// <param name="Host">The machine that ran it.</param>
/// <param name="ProcessId">The process that ran it, used to find runs whose process died.</param>
/// <param name="Environment">OS, .NET, Lepton and TorchSharp versions, threads and device.</param>
public sealed record RunInfo(
    string RunId,
    long ExperimentId,
    string Name,
    RunStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    string? Source,
    string? GitCommit,
    string Host,
    int ProcessId,
    RunEnvironment Environment);
