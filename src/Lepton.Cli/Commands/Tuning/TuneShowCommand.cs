using System.CommandLine;
using System.Globalization;
using Lepton.Tracking;
using Lepton.Tuning;
using Lepton.Tuning.Studies;
using Spectre.Console;

namespace Lepton.Cli.Commands.Tuning;

/// <summary><c>lepton tune show STUDY</c>: the study's best trial and its parameters, a table of trials, and (with <c>--report</c>) the study's HTML report.</summary>
internal static class TuneShowCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var study = new Argument<string>("study") { Description = "The study's name." };
        var command = new Command("show", "Show a study: its best trial, every trial, parameter importance.") { study };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(study)!, console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string name, IAnsiConsole console, CancellationToken cancellationToken)
    {
        await using var tracking = await TrackingClient.OpenAsync(CancellationToken.None);
        var store = TuneStore.Open(tracking);
        TuningResult result;
        try
        {
            result = await Tuner.LoadAsync(store, name, cancellationToken);
        }
        catch (KeyNotFoundException e)
        {
            throw new CliException($"{e.Message} ({tracking.Store.Description}).");
        }
        var space = result.Study.Space;
        console.MarkupLineInterpolated($"Study '{result.Study.Name}' ({result.Study.Direction.ToString().ToLowerInvariant()}), {result.Trials.Count} trials");
        if (result.Best is { } best)
        {
            console.MarkupLineInterpolated($"Best: trial {best.Number}, value {best.Value!.Value.ToString("0.0000", CultureInfo.InvariantCulture)}");
            foreach (var (key, value) in result.BestParameters) console.MarkupLineInterpolated($"  {key} = {TrialReporter.Show(value)}");
        }
        else console.MarkupLine("No trial has completed yet.");
        var table = new Spectre.Console.Table();
        table.AddColumns(["Trial", "State", "Value", .. space.Select(p => Markup.Escape(p.Name))]);
        foreach (var t in result.Trials)
            table.AddRow([
                t.Number.ToString(CultureInfo.InvariantCulture), t.State.ToString().ToLowerInvariant(),
                t.Value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "",
                .. space.Select(p => t.Parameters.TryGetValue(p.Name, out var v) ? Markup.Escape(TrialReporter.Show(p.Distribution.ToValue(v))) : ""),
            ]);
        console.Write(table);
        return ExitCodes.Success;
    }
}
