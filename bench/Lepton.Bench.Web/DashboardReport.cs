using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Bench.Web;

/// <summary>Writes the dashboard section at the end of docs/benchmarks.md, between its markers (replaced on each run).</summary>
internal static class DashboardReport
{
    private const string Begin = "<!-- dashboard:begin (written by bench/dashboard/figures.sh) -->";
    private const string End = "<!-- dashboard:end -->";

    public static void Write(string path, JsonObject results) => MarkedSection.Write(path, Begin, End, Render(results));

    private static string Render(JsonObject r)
    {
        var s = new StringBuilder();
        s.AppendLine(Begin);
        s.AppendLine("## Dashboard (lepton ui)");
        s.AppendLine();
        s.AppendLine(Inv($"`bench/dashboard/figures.sh` (`lepton-bench-web`): the dashboard (`DashboardServer`, in the benchmark's process, over a SQLite store it fills) timed in Debian's chromium {r["chromium"]} through Playwright, {r["loads"]} loads per case, each in a new browser context (nothing cached: a first visit). Machine: {r["machine"]}; load average {r["load_average_before"]} before, {r["load_average_after"]} after. Charts: from navigation start to the last chart drawn (the front end's own mark after uPlot draws); the whole-history rows are the same pages with `?points=all`, the side-by-side baseline that shows what thinning buys."));
        s.AppendLine();
        s.AppendLine("| Page | Navigation to charts drawn, median (p95) | Transferred | Goal |");
        s.AppendLine("| --- | --- | --- | --- |");
        foreach (var c in r["charts"]!.AsArray())
        {
            var drawn = c!["drawn"]!;
            var median = (double)drawn["median_ms"]!;
            var charts = (int)c["charts"]!;
            var thinned = c["case"]!.ToString().Contains("thinned", StringComparison.Ordinal);
            var goal = !thinned ? "baseline" : charts == 1 ? Verdict(median, 1000) : Verdict(median, 2000);
            s.AppendLine(Inv($"| {c["case"]} | {median:N0} ms ({(double)drawn["p95_ms"]!:N0}) | {(double)c["kib"]!:N0} KiB | {goal} |"));
        }

        s.AppendLine();
        s.AppendLine("Server alone (HTTP on loopback from the benchmark's process, warm, median (p95) of repeated requests):");
        s.AppendLine();
        s.AppendLine("| Request | Time | Body | Goal |");
        s.AppendLine("| --- | --- | --- | --- |");
        foreach (var c in r["series"]!.AsArray())
        {
            var time = c!["time"]!;
            var median = (double)time["median_ms"]!;
            var goal = c["case"]!.ToString().StartsWith("thinned", StringComparison.Ordinal) ? Verdict(median, 50) : "";
            s.AppendLine(Inv($"| series: {c["case"]} | {median:0.0} ms ({(double)time["p95_ms"]!:0.0}) | {(double)c["kib"]!:N1} KiB | {goal} |"));
        }

        foreach (var c in r["runs"]!["server"]!.AsArray())
        {
            var time = c!["time"]!;
            s.AppendLine(Inv($"| runs page HTML: {c["case"]} | {(double)time["median_ms"]!:0.0} ms ({(double)time["p95_ms"]!:0.0}) | {(double)c["kib"]!:N1} KiB | |"));
        }

        var runs = r["runs"]!;
        var first = (double)runs["first_rows"]!["median_ms"]!;
        var sort = (double)runs["sort"]!["median_ms"]!;
        s.AppendLine();
        s.AppendLine(Inv($"An experiment of {(int)r["wide_runs"]!:N0} runs, each with 20 shared metrics, 10 parameters and one of 1,000 further metric names (over 1,000 columns in the picker), 50 rows a page: navigation to the first rows painted (first contentful paint; the rows are in the server's HTML) **{first:N0} ms** (p95 {(double)runs["first_rows"]!["p95_ms"]!:N0}), goal under 1 s: {Verdict(first, 1000)}; a click on a metric's header to the sorted rows painted **{sort:N0} ms** (p95 {(double)runs["sort"]!["p95_ms"]!:N0}), goal under 500 ms: {Verdict(sort, 500)}."));
        if (r["data"] is JsonObject data)
        {
            var columns = (int)data["columns"]!;
            s.AppendLine();
            s.AppendLine(Inv($"Data pages at width: two tables of {columns:N0} columns ({WideDataColumns(columns)}) × {(int)data["rows"]!:N0} rows, read and profiled by the data layer and recorded with runs as `lepton train` records its data. Recording the profile (`DatasetProfile.FromTable`: 101 percentiles of each numeric column and the frequent values, beside the profile training computes anyway) took **{(double)data["percentiles_ms"]!:N0} ms** against **{(double)data["profile_ms"]!:N0} ms** for that profile itself; the recorded profile is {(double)data["profile_kib"]!:N0} KiB of JSON."));
            s.AppendLine();
            s.AppendLine("| Page | Navigation to first paint, median (p95) | Server alone, median (p95) | Body |");
            s.AppendLine("| --- | --- | --- | --- |");
            var server = data["server"]!.AsArray();
            foreach (var (name, paint, i) in new[] { ("a dataset's profile, one row per column", "dataset_paint", 0), ("drift between the two, a row and a chart per column", "drift_paint", 1) })
            {
                var p = data[paint]!;
                var t = server[i]!["time"]!;
                s.AppendLine(Inv($"| {name} | {(double)p["median_ms"]!:N0} ms ({(double)p["p95_ms"]!:N0}) | {(double)t["median_ms"]!:N0} ms ({(double)t["p95_ms"]!:N0}) | {(double)server[i]!["kib"]!:N0} KiB |"));
            }

            s.AppendLine();
            s.AppendLine("Not 1,000 columns: a 1,000-column × 5,000-row CSV (36 MB) does not read under the engine's default limit. DuckDB, which reads it, takes a 256 KiB block per column segment; the read ran out of memory at 512 MiB and 1 GiB too, and took 6.4 s and a 2.7 GB peak with `MemoryLimit = \"3GB\"`. The data layer now says so and names the setting (docs/data.md).");
        }

        s.AppendLine(End);
        return s.ToString();
    }

    private static string WideDataColumns(int columns) => $"{WideData.NumericColumns:N0} numeric, {columns - WideData.NumericColumns:N0} categorical";

    private static string Verdict(double value, double goal) => value < goal ? "PASS" : "FAIL";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
