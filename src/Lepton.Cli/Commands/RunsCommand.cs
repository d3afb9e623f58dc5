using System.CommandLine;
using Lepton.Tracking;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary><c>lepton runs list|show|compare</c>: find recorded training runs, read one, and set several side by side.</summary>
internal static class RunsCommand
{
    private const int KeyMetricColumns = 4;
    private static readonly string[] PreferredMetrics = ["test_accuracy", "val_accuracy", "accuracy", "val_loss", "loss"];

    public static Command Create(IAnsiConsole console)
    {
        var store = new TrackingStoreOption();
        var command = new Command("runs", "List, show and compare recorded training runs.")
        {
            List(console, store),
            Show(console, store),
            CompareCommand.Command(console, store),
        };
        store.AddTo(command);
        return command;
    }

    private static Command List(IAnsiConsole console, TrackingStoreOption store)
    {
        var experiment = new Option<string[]>("--experiment", "-e") { Description = "Only runs of this experiment (repeat for several).", AllowMultipleArgumentsPerToken = false };
        var filter = new Option<string?>("--filter") { Description = "MLflow-style filter, e.g. \"metrics.val_accuracy > 0.9 and params.optimizer = 'adam'\" (also tags.KEY, status, name)." };
        var orderBy = new Option<string?>("--order-by") { Description = "e.g. \"metrics.val_accuracy desc\", \"params.lr\", \"start_time\" (default: newest first)." };
        var max = new Option<int>("--max") { Description = "At most this many runs.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List runs, newest first or in the order asked, with their key metrics.") { experiment, filter, orderBy, max };
        command.SetAction(async (result, cancellationToken) =>
        {
            var limit = result.GetValue(max);
            if (limit < 1) throw new CliException($"--max must be at least 1, not {limit}.");
            var order = result.GetValue(orderBy);
            await using var client = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var experiments = result.GetValue(experiment) is { Length: > 0 } names ? names : null;
            var runs = await client.Store.SearchRunsAsync(new RunQuery(experiments, result.GetValue(filter), order, limit), cancellationToken).ConfigureAwait(false);
            if (runs.Count == 0)
            {
                console.MarkupLineInterpolated($"No runs match in {client.Store.Description}.");
                return ExitCodes.Success;
            }

            var experimentNames = (await client.Store.ListExperimentsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.Id, e => e.Name);
            var shortIds = RunIds.ShortForms(runs.Select(r => r.Info.RunId).ToList());
            // One experiment (the usual case) goes in the footer, leaving the width to the metrics.
            var experimentOf = runs.Select(r => experimentNames.GetValueOrDefault(r.Info.ExperimentId, r.Info.ExperimentId.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
            var oneExperiment = experimentOf.Distinct().Count() == 1 ? experimentOf[0] : null;
            string[] headers = oneExperiment is null ? ["Run", "Name", "Experiment", "Status", "Start", "Duration"] : ["Run", "Name", "Status", "Start", "Duration"];
            var rows = runs.Select((r, i) => new[]
            {
                shortIds[r.Info.RunId],
                r.Info.Name,
                experimentOf[i],
                r.Info.Status.ToString().ToLowerInvariant(),
                TrackingFormat.ShortTime(r.Info.StartTime),
                TrackingFormat.Duration(r.Info.StartTime, r.Info.EndTime),
            }.Where((_, column) => oneExperiment is null || column != 2).ToArray()).ToList();
            var metrics = FittingMetrics(runs, order, rows, headers, console.Profile.Width);

            var table = new Table().Border(TableBorder.Rounded);
            foreach (var header in headers) table.AddColumn(header is "Name" or "Experiment" ? new TableColumn(header) : new TableColumn(header).NoWrap());
            foreach (var metric in metrics) table.AddColumn(new TableColumn(Markup.Escape(metric)).RightAligned().NoWrap());
            for (var i = 0; i < runs.Count; i++)
            {
                var row = rows[i];
                var cells = new List<Spectre.Console.Rendering.IRenderable>();
                for (var column = 0; column < headers.Length; column++)
                {
                    cells.Add(headers[column] switch
                    {
                        "Run" => TrackingFormat.Cell(row[column], "cyan"),
                        "Status" => new Markup(TrackingFormat.Status(runs[i].Info.Status)),
                        _ => TrackingFormat.Cell(row[column]),
                    });
                }

                cells.AddRange(metrics.Select(m => TrackingFormat.Cell(MetricText(runs[i], m))));
                table.AddRow(cells);
            }

            console.Write(table);
            console.MarkupLineInterpolated($"[grey]{runs.Count} run{(runs.Count == 1 ? "" : "s")}{(runs.Count == limit ? $" (the first {limit}; --max shows more)" : "")}{(oneExperiment is null ? "" : $" of experiment '{oneExperiment}'")} in {client.Store.Description}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>As many key metrics as fit beside the other columns in <paramref name="width"/> characters (at least one).</summary>
    private static List<string> FittingMetrics(IReadOnlyList<Run> runs, string? orderBy, List<string[]> rows, string[] headers, int width)
    {
        static int ColumnWidth(string header, IEnumerable<string> values) => Math.Max(header.Length, values.DefaultIfEmpty("").Max(v => v.Length)) + 3;
        var used = 1 + headers.Select((h, i) => ColumnWidth(h, rows.Select(r => r[i]))).Sum();
        var fitting = new List<string>();
        foreach (var metric in KeyMetrics(runs, orderBy))
        {
            var column = ColumnWidth(metric, runs.Select(r => MetricText(r, metric)));
            if (fitting.Count > 0 && used + column > width) break;
            used += column;
            fitting.Add(metric);
        }

        return fitting;
    }

    private static string MetricText(Run run, string metric) =>
        run.LatestMetrics.TryGetValue(metric, out var point) ? TrackingFormat.Metric(point.Value) : "";

    /// <summary>The metric the runs are ordered by, then the usual headline metrics, then others, as far as the runs have them.</summary>
    private static List<string> KeyMetrics(IReadOnlyList<Run> runs, string? orderBy)
    {
        var present = runs.SelectMany(r => r.LatestMetrics.Keys).ToHashSet(StringComparer.Ordinal);
        var ordered = new List<string>();
        if (orderBy?.Trim().Split(' ')[0] is { } key && key.StartsWith("metrics.", StringComparison.OrdinalIgnoreCase)) ordered.Add(key["metrics.".Length..]);
        ordered.AddRange(PreferredMetrics);
        ordered.AddRange(present.Where(m => MetricDirections.FromName(m) != MetricDirection.None).Order(StringComparer.Ordinal));
        return ordered.Where(present.Contains).Distinct(StringComparer.Ordinal).Take(KeyMetricColumns).ToList();
    }

    private static Command Show(IAnsiConsole console, TrackingStoreOption store)
    {
        var runId = new Argument<string>("run") { Description = "The run's id, or a unique prefix of it." };
        var command = new Command("show", "Show everything recorded about a run: info, environment, parameters, tags, metrics, artifacts, datasets.") { runId };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var client = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var run = await RunIds.ResolveAsync(client, result.GetValue(runId)!, cancellationToken).ConfigureAwait(false);
            var experiments = await client.Store.ListExperimentsAsync(cancellationToken).ConfigureAwait(false);
            RunDetails.Write(console, run, experiments.FirstOrDefault(e => e.Id == run.Info.ExperimentId)?.Name);
            return ExitCodes.Success;
        });
        return command;
    }
}
