using System.CommandLine;
using Lepton.Tracking;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lepton.Cli.Commands;

/// <summary>
/// <c>lepton runs compare</c>: parameters and final metrics of several runs side by side, parameters that differ
/// marked and the best value of each metric marked; with <c>--plot</c> the metric curves as a PNG or HTML file.
/// </summary>
internal static class RunComparison
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
            var runs = new List<Run>();
            foreach (var id in result.GetValue(runIds)!)
            {
                var run = await RunIds.ResolveAsync(client, id, cancellationToken).ConfigureAwait(false);
                if (runs.Any(r => r.Info.RunId == run.Info.RunId)) throw new CliException($"Run {run.Info.RunId} is named twice; compare different runs.");
                runs.Add(run);
            }

            var metrics = SelectMetrics(runs, result.GetValue(metricKeys) ?? []);
            var shortIds = RunIds.ShortForms(runs.Select(r => r.Info.RunId).ToList());
            var experiments = (await client.Store.ListExperimentsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.Id, e => e.Name);
            console.Write(Table(runs, metrics, shortIds, experiments));
            console.MarkupLine($"[grey]{Markup.Escape(DiffersMark)} the parameter differs between runs; {Markup.Escape(BestMark)} the best final value (highest for accuracy-like metrics, else lowest).[/]");
            if (plotPath is null) return ExitCodes.Success;

            var curves = new List<MetricCurves>();
            foreach (var metric in metrics)
            {
                var series = new List<RunSeries>();
                foreach (var run in runs)
                {
                    var points = await client.Store.GetMetricHistoryAsync(run.Info.RunId, metric, cancellationToken).ConfigureAwait(false);
                    if (points.Count > 0) series.Add(new RunSeries($"{shortIds[run.Info.RunId]} {run.Info.Name}", points));
                }

                // A value logged once per run (a test score) is a curve of one point: the table already shows it.
                if (series.Any(s => s.Points.Count > 1)) curves.Add(new MetricCurves(metric, series));
            }

            if (curves.Count == 0) throw new CliException("The runs have no metric logged more than once to plot as a curve.");
            var full = Path.GetFullPath(plotPath);
            var bytes = format == ChartFormat.Png
                ? MetricCharts.RenderPng(curves)
                : CompareReport.Render(runs, metrics, shortIds, experiments, curves);
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

    /// <summary>The metrics asked for (each must belong to at least one run), or every metric the runs have.</summary>
    private static List<string> SelectMetrics(IReadOnlyList<Run> runs, IReadOnlyList<string> asked)
    {
        var present = runs.SelectMany(r => r.LatestMetrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (asked.Count == 0) return present;
        var keys = asked.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        var missing = keys.Where(k => !present.Contains(k, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
            throw new CliException($"None of the runs has the metric{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))}; they have: {(present.Count == 0 ? "none" : string.Join(", ", present))}.");
        return keys;
    }

    /// <summary>The runs as columns; info, then parameters (differing ones marked), then final metrics (best marked).</summary>
    internal static Table Table(IReadOnlyList<Run> runs, IReadOnlyList<string> metrics, IReadOnlyDictionary<string, string> shortIds, IReadOnlyDictionary<long, string> experiments)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("");
        foreach (var run in runs) table.AddColumn(new TableColumn(new Markup($"[cyan]{Markup.Escape(shortIds[run.Info.RunId])}[/]")));
        Row(table, "name", runs.Select(r => TrackingFormat.Cell(r.Info.Name)));
        Row(table, "experiment", runs.Select(r => TrackingFormat.Cell(experiments.GetValueOrDefault(r.Info.ExperimentId, "?"))));
        Row(table, "status", runs.Select(r => (IRenderable)new Markup(TrackingFormat.Status(r.Info.Status))));
        Row(table, "duration", runs.Select(r => TrackingFormat.Cell(TrackingFormat.Duration(r.Info.StartTime, r.Info.EndTime))));

        var parameters = runs.SelectMany(r => r.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (parameters.Count > 0) Header(table, "params", runs.Count);
        foreach (var key in parameters)
        {
            var values = runs.Select(r => r.Params.GetValueOrDefault(key)).ToList();
            var differs = values.Distinct(StringComparer.Ordinal).Count() > 1;
            var label = differs ? new Markup($"[yellow]{Markup.Escape(key)} {Markup.Escape(DiffersMark)}[/]") : (IRenderable)new Text(key);
            table.AddRow([label, .. values.Select(v => TrackingFormat.Cell(v ?? "—", differs ? "yellow" : null))]);
        }

        if (metrics.Count > 0) Header(table, "metrics (final)", runs.Count);
        foreach (var key in metrics)
        {
            var values = runs.Select(r => r.LatestMetrics.TryGetValue(key, out var p) ? p.Value : (double?)null).ToList();
            var best = Best(key, values);
            var cells = values.Select((v, i) => v is null
                ? TrackingFormat.Cell("—")
                : i == best || (best is not null && v == values[best.Value])
                    ? new Markup($"[green bold]{Markup.Escape(TrackingFormat.Metric(v.Value))} {Markup.Escape(BestMark)}[/]")
                    : TrackingFormat.Cell(TrackingFormat.Metric(v.Value)));
            table.AddRow([new Text(key), .. cells]);
        }

        return table;
    }

    /// <summary>
    /// The index of the best finite value, when at least two runs have the metric, they differ, and the metric has a
    /// better direction. NaN and infinities (a diverged run) are never best.
    /// </summary>
    internal static int? Best(string metric, IReadOnlyList<double?> values)
    {
        if (!TrackingFormat.HasBest(metric)) return null;
        var present = values.Select((v, i) => (Value: v, Index: i)).Where(x => x.Value is not null).Select(x => (Value: x.Value!.Value, x.Index)).ToList();
        if (present.Count < 2 || present.Select(x => x.Value).Distinct().Count() < 2) return null;
        var finite = present.Where(x => double.IsFinite(x.Value)).ToList();
        if (finite.Count == 0) return null;
        return (TrackingFormat.IsHigherBetter(metric) ? finite.MaxBy(x => x.Value) : finite.MinBy(x => x.Value)).Index;
    }

    private static void Row(Table table, string label, IEnumerable<IRenderable> cells) =>
        table.AddRow([new Markup($"[grey]{Markup.Escape(label)}[/]"), .. cells]);

    private static void Header(Table table, string title, int runs) =>
        table.AddRow([new Markup($"[bold]{Markup.Escape(title)}[/]"), .. Enumerable.Range(0, runs).Select(_ => new Text(""))]);
}
