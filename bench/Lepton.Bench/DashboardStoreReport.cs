using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static Lepton.Bench.ResultJson;

namespace Lepton.Bench;

/// <summary>The dashboard's reads in <c>docs/benchmarks.md</c> (within the tracking section), from <c>dashboard-store.json</c>.</summary>
internal sealed class DashboardStoreReport(JsonObject? document)
{
    public const double SeriesGoalMs = 50;
    public const double SortedPageGoalMs = 500;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly (string Key, string Label)[] Stores = [("sqlite", "SQLite (file)"), ("postgres", "PostgreSQL (127.0.0.1)")];

    public IEnumerable<Goal> Goals()
    {
        var maxPoints = Text(document?["settings"], "max_points");
        var points = Double(document?["settings"], "points") ?? 100_000;
        var series = string.Create(Invariant, $"A {points:N0}-point metric thinned for a chart (`maxPoints={maxPoints}`) answered by the tracking server in under {SeriesGoalMs:0} ms");
        var page = string.Create(Invariant, $"A page of 50 of {Double(document?["settings"], "runs") ?? 10_000:N0} runs sorted by a metric in under {SortedPageGoalMs:0} ms");
        yield return Verdict(series, "series", "series_http", SeriesGoalMs);
        yield return Verdict(page, "runs_table", "page_by_metric", SortedPageGoalMs);
    }

    private Goal Verdict(string wanted, string part, string figure, double goal)
    {
        var measured = Stores.Select(s => (s.Label, Ms: Double(document?["stores"]?[s.Key]?[part]?[figure], "ms_median"))).Where(m => m.Ms is not null).ToList();
        if (measured.Count == 0) return new Goal(wanted, "no dashboard-store results", GoalStatus.NotRun);
        var text = string.Join("; ", measured.Select(m => string.Create(Invariant, $"{m.Label}: {m.Ms:0.0} ms")));
        return new Goal(wanted, text + " (medians)", measured.All(m => m.Ms < goal) ? GoalStatus.Pass : GoalStatus.Fail);
    }

    public void Render(StringBuilder md)
    {
        if (document is null) return;
        var s = document["settings"]!;
        md.AppendLine("### Dashboard reads");
        md.AppendLine();
        md.AppendLine(string.Create(Invariant,
            $"`lepton-bench dashboard-store`: the two heavy reads of `lepton ui`, on each store, warm, one request after another: two untimed, then {Text(s, "rounds")} timed; the median, with the fastest and slowest in brackets. The store calls go straight to `SqliteMetadataStore`/`PostgresMetadataStore` in the benchmark's process; the HTTP figures are a tracking server over the same database on 127.0.0.1 (`GET /api/runs/{{id}}/metrics/history?key=…&maxPoints=…`, body read whole). PostgreSQL 15 is a local server with default settings, analyzed after the fill as autovacuum would."));
        md.AppendLine();
        md.AppendLine(string.Create(Invariant,
            $"**A metric of {Double(s, "points") ?? 0:N0} points** (one run, steps 0…{(Double(s, "points") ?? 1) - 1:N0}), thinned to at most {Double(s, "max_points") ?? 0:N0} points (`GetMetricSeriesAsync`: each bucket's lowest and highest, the ends kept) for the whole range and for a 20 % zoom (the middle fifth of the steps), beside the full read it replaces (`GetMetricHistoryAsync`, Dapper row objects, then `CurveThinning` in memory — what the server did before)."));
        md.AppendLine();
        md.AppendLine("| Read | " + string.Join(" | ", Stores.Select(x => x.Label)) + " |");
        md.AppendLine("| --- |" + string.Concat(Stores.Select(_ => " ---: |")));
        foreach (var (key, label) in new[]
        {
            ("full_read_store", "Full history, store (`GetMetricHistoryAsync`, before)"),
            ("full_read_thinned_store", "Full history + `CurveThinning`, store (the server's way before)"),
            ("series_store", "Series, whole range, store"),
            ("series_zoom_store", "Series, 20 % zoom, store"),
            ("series_http", "**Series, whole range, tracking server (HTTP)**"),
            ("series_zoom_http", "Series, 20 % zoom, tracking server (HTTP)"),
            ("full_read_http", "Full history, tracking server (HTTP, no `maxPoints`)"),
        })
        {
            md.AppendLine($"| {label} | " + string.Join(" | ", Stores.Select(x => Cell(document["stores"]?[x.Key]?["series"]?[key]))) + " |");
        }

        md.AppendLine();
        md.AppendLine(string.Create(Invariant,
            $"**A runs table of {Double(s, "runs") ?? 0:N0} runs** in one experiment, each with 10 parameters (`p1` = 'x' in one run of four), 3 tags and 20 metrics of two points (`m0`…`m9` in every run and 10 of 990 others, so 1,000 distinct metric names), logged through the store (`CreateRunAsync` + one `LogBatchAsync` a run; fill time below). Pages are 50 runs with their parameters, tags and latest metrics."));
        md.AppendLine();
        md.AppendLine("| Read | " + string.Join(" | ", Stores.Select(x => x.Label)) + " |");
        md.AppendLine("| --- |" + string.Concat(Stores.Select(_ => " ---: |")));
        foreach (var (key, label) in new[]
        {
            ("count", "`CountRunsAsync` (the experiment)"),
            ("first_page_by_start_time", "First page by `start_time` (the default order)"),
            ("page_by_metric", "**Page by `metrics.m7 desc`**"),
            ("filtered_page_by_metric", "Page by `metrics.m7 desc` where `metrics.m3 > 0.5 and params.p1 = 'x'`"),
            ("deep_page_by_metric", "Page by `metrics.m7 desc` at offset 9,000"),
            ("columns", "`GetRunColumnsAsync([experiment])` (1,000 metric names)"),
            ("columns_all", "`GetRunColumnsAsync(null)` (every run)"),
        })
        {
            md.AppendLine($"| {label} | " + string.Join(" | ", Stores.Select(x => Cell(document["stores"]?[x.Key]?["runs_table"]?[key]))) + " |");
        }

        md.AppendLine("| Fill (10,000 × `CreateRunAsync` + `LogBatchAsync`; 4 writers on PostgreSQL) | " + string.Join(" | ", Stores.Select(x =>
            Double(document["stores"]?[x.Key]?["runs_table"], "fill_ms") is { } ms ? string.Create(Invariant, $"{ms / 1000:0.0} s") : "not run")) + " |");
        md.AppendLine();
        md.AppendLine(string.Create(Invariant, $"Measured {Text(document, "recorded_at")} (load average at the end: {Text(document, "load_average")}): `{Text(document, "command")}`."));
        md.AppendLine();
    }

    private static string Cell(JsonNode? figure) =>
        Double(figure, "ms_median") is { } median
            ? string.Create(Invariant, $"{median:0.0} ms ({Double(figure, "ms_min") ?? 0:0.0}–{Double(figure, "ms_max") ?? 0:0.0})")
            : "not run";
}
