using System.Globalization;
using Lepton.Tracking;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary>What <c>lepton runs show</c> prints: one section per kind of thing recorded, empty ones said to be empty.</summary>
internal static class RunDetails
{
    public static void Write(IAnsiConsole console, Run run, string? experiment)
    {
        var info = run.Info;
        console.MarkupLineInterpolated($"[bold]Run[/] [cyan]{info.RunId}[/] ({info.Name})");
        var overview = new Grid().AddColumn(new GridColumn().PadRight(2)).AddColumn();
        Pair(overview, "Experiment", experiment ?? info.ExperimentId.ToString(CultureInfo.InvariantCulture));
        overview.AddRow(new Markup("[grey]Status[/]"), new Markup(TrackingFormat.Status(info.Status)));
        Pair(overview, "Start", TrackingFormat.Time(info.StartTime));
        Pair(overview, "End", info.EndTime is null ? "(still running)" : TrackingFormat.Time(info.EndTime));
        Pair(overview, "Duration", TrackingFormat.Duration(info.StartTime, info.EndTime));
        Pair(overview, "Host", $"{info.Host} (process {info.ProcessId})");
        Pair(overview, "Git commit", info.GitCommit ?? "(none)");
        Pair(overview, "Source", info.Source ?? "(none)");
        console.Write(overview);

        var env = info.Environment;
        Section(console, "Environment");
        var environment = new Grid().AddColumn(new GridColumn().PadRight(2)).AddColumn();
        Pair(environment, "OS", env.Os);
        Pair(environment, ".NET", env.Dotnet);
        Pair(environment, "Lepton", env.Lepton);
        Pair(environment, "TorchSharp", env.TorchSharp);
        Pair(environment, "Threads", env.Threads.ToString(CultureInfo.InvariantCulture));
        Pair(environment, "Device", env.Device);
        console.Write(environment);

        Pairs(console, "Parameters", run.Params);
        Pairs(console, "Tags", run.Tags);

        Section(console, "Metrics (latest)");
        if (run.LatestMetrics.Count == 0) None(console);
        else
        {
            var metrics = new Table().Border(TableBorder.Rounded).AddColumns("Metric").AddColumn(new TableColumn("Value").RightAligned())
                .AddColumn(new TableColumn("Step").RightAligned()).AddColumn(new TableColumn("Epoch").RightAligned());
            foreach (var (key, point) in run.LatestMetrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                metrics.AddRow(TrackingFormat.Cell(key), TrackingFormat.Cell(TrackingFormat.Metric(point.Value)),
                    TrackingFormat.Cell(point.Step.ToString(CultureInfo.InvariantCulture)), TrackingFormat.Cell(point.Epoch?.ToString(CultureInfo.InvariantCulture) ?? ""));
            }

            console.Write(metrics);
        }

        Section(console, "Artifacts");
        if (run.Artifacts.Count == 0) None(console);
        else
        {
            var artifacts = new Table().Border(TableBorder.Rounded).AddColumns("Path").AddColumn(new TableColumn("Size").RightAligned()).AddColumn("SHA-256");
            foreach (var artifact in run.Artifacts)
                artifacts.AddRow(TrackingFormat.Cell(artifact.Path), TrackingFormat.Cell(TrackingFormat.Size(artifact.Size)), TrackingFormat.Cell(TrackingFormat.Hash(artifact.Hash), "grey"));
            console.Write(artifacts);
        }

        Section(console, "Datasets");
        if (run.Datasets.Count == 0) None(console);
        else
        {
            var datasets = new Table().Border(TableBorder.Rounded).AddColumns("Context", "Name").AddColumn(new TableColumn("Rows").RightAligned()).AddColumns("SHA-256", "Schema");
            foreach (var dataset in run.Datasets)
            {
                var d = dataset.Dataset;
                datasets.AddRow(TrackingFormat.Cell(dataset.Context), TrackingFormat.Cell(d.Name), TrackingFormat.Cell(d.Rows.ToString("N0", CultureInfo.InvariantCulture)),
                    TrackingFormat.Cell(TrackingFormat.Hash(d.Hash), "grey"), TrackingFormat.Cell(d.Schema));
            }

            console.Write(datasets);
        }
    }

    private static void Pairs(IAnsiConsole console, string title, IReadOnlyDictionary<string, string> pairs)
    {
        Section(console, title);
        if (pairs.Count == 0)
        {
            None(console);
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("Name", "Value");
        foreach (var (key, value) in pairs.OrderBy(kv => kv.Key, StringComparer.Ordinal)) table.AddRow(TrackingFormat.Cell(key), TrackingFormat.Cell(value));
        console.Write(table);
    }

    private static void Pair(Grid grid, string label, string value) =>
        grid.AddRow(TrackingFormat.Cell(label, "grey"), TrackingFormat.Cell(value));

    private static void Section(IAnsiConsole console, string title)
    {
        console.WriteLine();
        console.MarkupLineInterpolated($"[bold]{title}[/]");
    }

    private static void None(IAnsiConsole console) => console.MarkupLine("[grey](none)[/]");
}
