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
        s.AppendLine(End);
        return s.ToString();
    }

    private static string Verdict(double value, double goal) => value < goal ? "PASS" : "FAIL";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
