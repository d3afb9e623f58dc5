using System.CommandLine;
using Lepton.Training.Automatic;

namespace Lepton.Cli.Commands.Training;

/// <summary>
/// <c>--trials N</c> of <c>lepton train</c> and <c>lepton experiment</c>: how many trials the hyperparameter search after
/// the default candidates may run (<see cref="TableTrainingOptions.SearchTrials"/>). Not given, it follows
/// <c>--time-limit</c>: a time limit given is a budget to spend (up to <see cref="WithTimeLimit"/> trials), the default
/// time limit only a cap, so no search.
/// </summary>
internal sealed class SearchTrialsOption
{
    /// <summary>The trials searched when <c>--time-limit</c> is given and <c>--trials</c> is not.</summary>
    public const int WithTimeLimit = 100;

    public Option<int?> Option { get; } = new("--trials")
    {
        Description = $"Trials of a TPE search of gbm's and the mlp's settings after the default candidates, in the time left (tables; 0: none). Default: {WithTimeLimit} when --time-limit is given, else 0.",
    };

    /// <summary>The trials asked for, given the command's <paramref name="timeLimit"/> option.</summary>
    /// <exception cref="CliException">The number is negative.</exception>
    public int Read(ParseResult result, Option<string> timeLimit) => result.GetValue(Option) switch
    {
        < 0 and var n => throw new CliException($"--trials {n}: give 0 (no search) or more trials."),
        { } n => n,
        null => result.GetResult(timeLimit) is { Implicit: false } ? WithTimeLimit : 0,
    };
}
