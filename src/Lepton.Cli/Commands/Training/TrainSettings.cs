using Lepton.Data.Tables;
using Lepton.Training.Features;

namespace Lepton.Cli.Commands.Training;

/// <summary>What <c>lepton train</c> was asked to do, read from its command line.</summary>
internal sealed record TrainSettings(
    string Data, string? Target, TrainingTask? Task, TimeSpan TimeLimit, string? Output, string? GivenName, int Seed, double TestFraction,
    IReadOnlyList<string> Candidates, bool Track, TableReadOptions Reading, string CommandLine)
{
    /// <summary>The registered model's and the experiment's name: as given, else the data file's (or folder's) name without its extensions.</summary>
    public string Name => GivenName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Data))).Split('.')[0];
}
