using System.CommandLine;
using System.Globalization;
using Lepton.Tracking;
using Lepton.Tuning;
using Lepton.Tuning.Importance;
using Lepton.Tuning.Reports;
using Lepton.Tuning.Studies;
using Spectre.Console;

namespace Lepton.Cli.Commands.Tuning;

/// <summary><c>lepton tune show STUDY</c>: the study's best trial and its parameters, a table of trials, and (with <c>--report</c>) the study's HTML report.</summary>
internal static class TuneShowCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var study = new Argument<string>("study") { Description = "The study's name." };
        var report = new Option<string?>("--report") { Description = "Also write the study's HTML report (history, learning curves, importance, parallel coordinates, slices, trials; each chart also a PNG) to this file." };
        var command = new Command("show", "Show a study: its best trial, parameter importance (fANOVA), every trial; optionally its HTML report.") { study, report };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(study)!, result.GetValue(report), console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string name, string? report, IAnsiConsole console, CancellationToken cancellationToken)
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
        var snapshot = new StudySnapshot(result.Study, result.Trials);
        var importance = FanovaImportance.Compute(snapshot);
        if (importance.Count > 0)
        {
            var chart = new BarChart { Width = 70, Label = "Parameter importance (fANOVA)" };
            foreach (var p in importance) chart.AddItem(Markup.Escape(p.Parameter), Math.Round(p.Importance, 3), Color.Blue);
            console.Write(chart);
        }
        if (report is not null)
        {
            var full = Path.GetFullPath(report);
            var charts = await StudyReport.WriteAsync(snapshot, full, cancellationToken);
            console.MarkupLineInterpolated($"Wrote [bold]{report}[/] and {charts.Count} charts in {Path.GetRelativePath(Environment.CurrentDirectory, StudyReport.ChartsFolder(full))}.");
        }
        return ExitCodes.Success;
    }
}
