using System.CommandLine;
using Lepton.Tracking;
using Lepton.Tracking.Comparison;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lepton.Cli.Commands;

/// <summary>
/// <c>lepton runs compare</c>: parameters and final metrics of several runs side by side, parameters that differ
/// marked and the best value of each metric marked; with <c>--plot</c> the metric curves as a PNG or HTML file.
/// What is compared comes from <see cref="RunComparison"/>; this draws it.
/// </summary>
internal static class CompareCommand
{
    public const string DiffersMark = "*";
    public const string BestMark = "(best)";

    public static Command Command(IAnsiConsole console, TrackingStoreOption store)
    {
        var runIds = new Argument<string[]>("runs") { Description = "Two or more run ids (or unique prefixes).", Arity = new ArgumentArity(2, 100) };
        var metricKeys = new Option<string[]>("--metric", "-m") { Description = "Only these metrics (repeat for several; default: every metric the runs have).", AllowMultipleArgumentsPerToken = false };
        var plot = new Option<string?>("--plot") { Description = "Also draw each metric's curve for every run (x = epoch, else step) into FILE.png, or FILE.html (one self-contained page)." };
        var command = new Command("compare", "Compare runs: parameters and final metrics side by side, and optionally their metric curves.") { runIds, metricKeys, plot };
        command.SetAction(async (result, cancellationToken) =>
        {
            var plotPath = result.GetValue(plot);
            var format = plotPath is null ? default : ChartFormatOf(plotPath);
            await using var client = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var ids = new List<string>();
            foreach (var id in result.GetValue(runIds)!)
            {
                var run = await RunIds.ResolveAsync(client, id, cancellationToken).ConfigureAwait(false);
                if (ids.Contains(run.Info.RunId)) throw new CliException($"Run {run.Info.RunId} is named twice; compare different runs.");
                ids.Add(run.Info.RunId);
            }

            var asked = (result.GetValue(metricKeys) ?? []).SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var comparison = await RunComparison.CreateAsync(client.Store, ids, asked, cancellationToken).ConfigureAwait(false);
            var shortIds = RunIds.ShortForms(ids);
            console.Write(Table(comparison, shortIds));
            console.MarkupLine($"[grey]{Markup.Escape(DiffersMark)} the parameter differs between runs; {Markup.Escape(BestMark)} the best final value (by each metric's direction: highest for accuracy-like metrics, lowest for losses).[/]");
            if (plotPath is null) return ExitCodes.Success;

            var curves = new List<MetricCurves>();
            foreach (var metric in comparison.Metrics)
            {
                var loaded = await comparison.LoadCurvesAsync(client.Store, metric.Key, cancellationToken: cancellationToken).ConfigureAwait(false);
                // A value logged once per run (a test score) is a curve of one point: the table already shows it.
                if (loaded.Series.Any(s => s.StoredPoints > 1)) curves.Add(loaded);
            }

            if (curves.Count == 0) throw new CliException("The runs have no metric logged more than once to plot as a curve.");
            var labels = comparison.Runs.ToDictionary(r => r.Info.RunId, r => $"{shortIds[r.Info.RunId]} {r.Info.Name}");
            var full = Path.GetFullPath(plotPath);
            var bytes = format == ChartFormat.Png
                ? MetricCharts.RenderPng(curves, labels)
                : CompareReport.Render(comparison, shortIds, curves, labels);
            AtomicFile.Write(full, bytes);
            console.MarkupLineInterpolated($"Wrote {curves.Count} chart{(curves.Count == 1 ? "" : "s")} to [cyan]{full}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static ChartFormat ChartFormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => ChartFormat.Png,
        ".html" or ".htm" => ChartFormat.Html,
        var other => throw new CliException($"--plot writes a .png or an .html file; '{path}' ends in '{other}'."),
    };

    /// <summary>The runs as columns; info, then parameters (differing ones marked), then final metrics (best marked).</summary>
    internal static Table Table(RunComparison comparison, IReadOnlyDictionary<string, string> shortIds)
    {
        var runs = comparison.Runs;
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("");
        foreach (var run in runs) table.AddColumn(new TableColumn(new Markup($"[cyan]{Markup.Escape(shortIds[run.Info.RunId])}[/]")));
        Row(table, "name", runs.Select(r => TrackingFormat.Cell(r.Info.Name)));
        Row(table, "experiment", comparison.Experiments.Select(e => TrackingFormat.Cell(e)));
        Row(table, "status", runs.Select(r => (IRenderable)new Markup(TrackingFormat.Status(r.Info.Status))));
        Row(table, "duration", runs.Select(r => TrackingFormat.Cell(TrackingFormat.Duration(r.Info.StartTime, r.Info.EndTime))));

        if (comparison.Parameters.Count > 0) Header(table, "params", runs.Count);
        foreach (var row in comparison.Parameters)
        {
            var label = row.Differs ? new Markup($"[yellow]{Markup.Escape(row.Key)} {Markup.Escape(DiffersMark)}[/]") : (IRenderable)new Text(row.Key);
            table.AddRow([label, .. row.Values.Select(v => TrackingFormat.Cell(v ?? "—", row.Differs ? "yellow" : null))]);
        }

        if (comparison.Metrics.Count > 0) Header(table, "metrics (final)", runs.Count);
        foreach (var row in comparison.Metrics)
        {
            var cells = row.Values.Select((v, i) => v is null
                ? TrackingFormat.Cell("—")
                : row.IsBest(i)
                    ? new Markup($"[green bold]{Markup.Escape(TrackingFormat.Metric(v.Value))} {Markup.Escape(BestMark)}[/]")
                    : TrackingFormat.Cell(TrackingFormat.Metric(v.Value)));
            table.AddRow([new Text(row.Key), .. cells]);
        }

        return table;
    }

    private static void Row(Table table, string label, IEnumerable<IRenderable> cells) =>
        table.AddRow([new Markup($"[grey]{Markup.Escape(label)}[/]"), .. cells]);

    private static void Header(Table table, string title, int runs) =>
        table.AddRow([new Markup($"[bold]{Markup.Escape(title)}[/]"), .. Enumerable.Range(0, runs).Select(_ => new Text(""))]);
}
