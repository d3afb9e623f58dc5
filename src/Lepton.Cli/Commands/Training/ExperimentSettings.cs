using Lepton.Cli.Commands;
using Lepton.Data.Tables;
using Lepton.Training.Features;

namespace Lepton.Cli.Commands.Training;

/// <summary>What <c>lepton experiment</c> was asked to do, read from its command line.</summary>
internal sealed record ExperimentSettings(
    string Data, string? Target, TrainingTask? Task, int Folds, TimeSpan TimeLimitPerFold, int Seed, string? FoldsFile, string? GivenName,
    string? Results, bool Track, TableReadOptions Reading, string CommandLine)
{
    /// <summary>The experiment's name: as given, else the data file's name without its extensions.</summary>
    public string Name => GivenName ?? Path.GetFileName(Data).Split('.')[0];

    /// <summary>What the data argument names: a table file, or a catalog dataset.</summary>
    public required DataInput Input { get; init; }

    /// <summary>The spec the first argument named (its features, preprocessing, model and time limit per fold); null for a table.</summary>
    public Lepton.Training.Specs.TrainingSpec? Spec { get; init; }

    /// <summary>Trials of the search after the default candidates, in each fold (0: none).</summary>
    public int SearchTrials { get; init; }
}
