using Lepton.Cli.Commands;
using Lepton.Data.Tables;
using Lepton.Training.Features;
using Lepton.Training.Specs;

namespace Lepton.Cli.Commands.Training;

/// <summary>What <c>lepton train</c> was asked to do, read from its command line.</summary>
internal sealed record TrainSettings(
    string Data, string? Target, TrainingTask? Task, TimeSpan TimeLimit, string? Output, string? GivenName, int Seed, double TestFraction,
    IReadOnlyList<string> Candidates, bool Track, TableReadOptions Reading, string CommandLine)
{
    /// <summary>The registered model's and the experiment's name: as given, else the data file's (or folder's) name without its extensions.</summary>
    public string Name => GivenName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Data))).Split('.')[0];

    /// <summary>What the data argument names: a file or folder, or a catalog dataset.</summary>
    public required DataInput Input { get; init; }

    /// <summary>The spec the first argument named; null when it named a table.</summary>
    public TrainingSpec? Spec { get; init; }

    /// <summary>Trials of the search after the default candidates (0: none).</summary>
    public int SearchTrials { get; init; }

    /// <summary>Print the spec with its defaults filled in, and stop.</summary>
    public bool RenderConfig { get; init; }

    /// <summary>Where to write the spec of what was trained.</summary>
    public string? SaveSpec { get; init; }
}
