using Lepton.Data.Tables;
using Lepton.Training.Specs;

namespace Lepton.Cli.Commands.Tuning;

/// <summary>What <c>lepton tune</c> was asked to do.</summary>
internal sealed record TuneSettings(
    string SpecPath,
    TrainingSpec Spec,
    string Data,
    string Study,
    int? Trials,
    int Workers,
    int Seed,
    string? Output,
    bool Track,
    bool IsWorker,
    TableReadOptions Reading,
    IReadOnlyList<string> Arguments)
{
    public required DataInput Input { get; init; }

    /// <summary>For a worker: the study's run its trial runs belong to.</summary>
    public string? ParentRun { get; init; }

    /// <summary>The cluster (its gateways, HOST:PORT) that runs the trials, or null to run them here.</summary>
    public string? Cluster { get; init; }

    public string CommandLine => string.Join(' ', ["lepton", .. Arguments]);
}
