using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static Lepton.Bench.ResultJson;

namespace Lepton.Bench;

/// <summary>The tracking part of <c>docs/benchmarks.md</c>: what recording a run costs, from <c>tracking.json</c>.</summary>
internal sealed class TrackingReport(JsonObject? document)
{
    public const double FitGoal = 0.98;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public JsonObject? Machine => document?["machine"] as JsonObject;

    public IEnumerable<Goal> Goals()
    {
        const string wanted = "`Fit` with tracking (`run.Autolog()`) at most 2% slower than without (tracked / untracked ≥ 0.98)";
        var ratio = Double(document?["fit"], "ratio_tracked_to_untracked");
        yield return ratio is { } r
            ? new Goal(wanted, string.Create(Invariant, $"{r:0.000} (median of per-round ratios)"), r >= FitGoal ? GoalStatus.Pass : GoalStatus.Fail)
            : new Goal(wanted, "no tracking results", GoalStatus.NotRun);
    }

    public void Render(StringBuilder md)
    {
        if (!ResultJson.Section(md, "## Tracking", document)) return;

        var s = document["settings"]!;
        md.AppendLine("### What automatic logging costs `Fit`");
        md.AppendLine();
        md.AppendLine(string.Create(Invariant,
            $"The training-throughput CNN, {Text(s, "rounds")} rounds of one `Fit` epoch of {Text(s, "steps")} steps (batch {Text(s, "batch")}, {Text(s, "threads")} threads) without tracking and with `callbacks: [run.Autolog()]`, interleaved in one process after a warm-up round each. The tracked round starts a run, logs the parameters and the epoch's metrics, saves the best checkpoint, saves and uploads the final model and ends the run — all on the clock, and with one epoch per round those per-epoch costs weigh as much as they ever can. The ratio is the median of the per-round ratios. Absolute samples/s depend on the day's machine (compare the run dates with the training-throughput section's); the ratio is what this measures."));
        md.AppendLine();
        md.AppendLine("| Variant | Median samples/s | Rounds (samples/s) | Peak RSS |");
        md.AppendLine("| --- | ---: | --- | ---: |");
        foreach (var (key, label) in new[] { ("lepton", "`Fit` (baseline)"), ("lepton_tracked", "`Fit` + `run.Autolog()`") })
        {
            var v = document["fit"]?["variants"]?[key];
            var rounds = string.Join(", ", (v?["rounds"] as JsonArray ?? []).Select(r => (Double(r, "samples_per_second") ?? 0).ToString("N0", Invariant)));
            md.AppendLine(string.Create(Invariant, $"| {label} | {Double(v, "samples_per_second_median") ?? 0:N0} | {rounds} | {Double(v, "peak_rss_mib") ?? 0:0} MiB |"));
        }

        var perRound = string.Join(", ", (document["fit"]?["ratio_per_round"] as JsonArray ?? []).Select(x => x?.ToString()));
        md.AppendLine();
        md.AppendLine(string.Create(Invariant, $"Tracked / untracked: **{Double(document["fit"], "ratio_tracked_to_untracked") ?? 0:0.000}** (per round: {perRound})."));
        md.AppendLine();
        md.AppendLine("### Metric logging throughput");
        md.AppendLine();
        md.AppendLine("Points per second into each store through the C# API: batched (`run.LogMetric` in a loop, then `FlushAsync`; the run's background writer sends up to 10,000 points per transaction) side by side with one point per `LogBatchAsync` call (one transaction each), interleaved, median of the rounds. SQLite runs in WAL mode with `synchronous=NORMAL`; PostgreSQL 15 is a local server with its default durable settings (`fsync`, `synchronous_commit` on), reached over TCP on 127.0.0.1.");
        md.AppendLine();
        md.AppendLine("| Store | Batched points/s | One per write points/s | Batched / one per write |");
        md.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var (key, label) in new[] { ("sqlite", "SQLite (file)"), ("postgres", "PostgreSQL (127.0.0.1)") })
        {
            var l = document["logging"]?[key];
            md.AppendLine(l is null
                ? $"| {label} | not run | | |"
                : string.Create(Invariant, $"| {label} | {Double(l, "batched_points_per_second") ?? 0:N0} | {Double(l, "single_points_per_second") ?? 0:N0} | {Double(l, "ratio_batched_to_single") ?? 0:0.0}× |"));
        }

        if (document["http"] is JsonObject http)
        {
            md.AppendLine();
            md.AppendLine("### Reading a long metric history through the HTTP API");
            md.AppendLine();
            md.AppendLine(string.Create(Invariant,
                $"One run's history of {Double(http, "points") ?? 0:N0} points read through the tracking server on 127.0.0.1 (`HttpMetadataStore.GetMetricHistoryAsync`) and, side by side, straight from the SQLite store behind it; median of {Text(http, "rounds")} rounds."));
            md.AppendLine();
            md.AppendLine("| Path | Median time | Points/s |");
            md.AppendLine("| --- | ---: | ---: |");
            md.AppendLine(string.Create(Invariant, $"| HTTP API | {Double(http, "http_ms_median") ?? 0:N0} ms | {Double(http, "points") / (Double(http, "http_ms_median") / 1000) ?? 0:N0} |"));
            md.AppendLine(string.Create(Invariant, $"| SQLite store directly (baseline) | {Double(http, "direct_ms_median") ?? 0:N0} ms | {Double(http, "points") / (Double(http, "direct_ms_median") / 1000) ?? 0:N0} |"));
        }

        md.AppendLine();
        md.AppendLine($"Measured {Text(document, "recorded_at")}: `{Text(document, "command")}`.");
        md.AppendLine();
    }
}
