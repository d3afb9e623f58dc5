using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Bench;

/// <summary>The serving part of <c>docs/benchmarks.md</c>, from <c>serving.json</c> (written by bench/Lepton.Bench.Serving).</summary>
internal sealed class ServingReport(JsonObject? document)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public IEnumerable<Goal> Goals()
    {
        var top = Levels("batching_on").Select(l => Int(l, "concurrency")).DefaultIfEmpty(64).Max();
        yield return Verdict($"Server with dynamic batching ≥ 3× batching off at concurrency {top}", $"batching_on_c{top}_over_off_at_least_3x", r => $"{r:0.00}×");
        yield return Verdict($"Server with dynamic batching ≥ 70% of the in-process batched `Predict` at concurrency {top}", $"batching_on_c{top}_at_least_70pct_of_in_process", r => $"{r * 100:0.0}%");
        var p99 = document?["goals"]?["p99_c1_within_2ms_of_single_sample"];
        yield return p99 is null
            ? new Goal("p99 latency at concurrency 1 within 2 ms of the in-process single-sample time", "no serving results", GoalStatus.NotRun)
            : new Goal("p99 latency at concurrency 1 within 2 ms of the in-process single-sample time",
                string.Create(Invariant, $"+{Double(p99, "value_ms"):0.00} ms (p99 {P99At(1):0.00} ms vs {Double(document!["in_process"], "single_sample_ms"):0.00} ms in process)"),
                p99["pass"]?.GetValue<bool>() == true ? GoalStatus.Pass : GoalStatus.Fail);
    }

    public void Render(StringBuilder md)
    {
        md.AppendLine("## Serving");
        md.AppendLine();
        if (document is null)
        {
            md.AppendLine("Not run.");
            md.AppendLine();
            return;
        }

        var s = document["settings"]!;
        var inProcess = document["in_process"]!;
        md.AppendLine(string.Create(Invariant,
            $"`lepton serve` with the Fashion-MNIST model from `lepton quickstart` (bench/run.sh trains it for one short epoch: speed does not depend on the weights), in its own process on 127.0.0.1, under Debian's `wrk` as a closed-loop load generator (each of N connections sends one Open Inference Protocol v2 `infer` request of one 1×28×28 image as JSON, waits for the answer, sends the next) for {Text(s, "DurationSeconds")} s per level. Each server is first warmed up for {Text(s, "WarmupSeconds")} s (.NET recompiles hot methods optimized in the first seconds under load) and each level for 2 s. Settings: max batch {Text(s, "MaxBatch")}, max delay {Text(s, "MaxDelayMs")} ms, {Text(s, "Workers")} worker of {Text(s, "ThreadsPerWorker")} engine thread; batching off runs the same server with batching switched off. The limit beside it: the same model's batched `Predict` in the benchmark's process at batch {Text(inProcess, "batch")} with every core, {Double(inProcess, "samples_per_second"):N0} samples/s; one sample alone takes {Double(inProcess, "single_sample_ms"):0.000} ms. The HTTP ceiling row serves a model that costs almost nothing (one dense layer on the pixels) with batching on: no batching can answer more requests than that here. Load generator and server share the machine's 2 cores."));
        md.AppendLine();
        md.AppendLine("| Server | Concurrency | Samples/s | p50 | p95 | p99 | max | Failed | Server peak memory |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (mode, label) in new[] { ("batching_off", "batching off"), ("batching_on", "batching on"), ("http_ceiling", "HTTP ceiling (near-free model)") })
        {
            var peak = Double(document["server"]?[mode], "server_peak_memory_mib");
            foreach (var level in Levels(mode))
            {
                md.AppendLine(string.Create(Invariant,
                    $"| {label} | {Int(level, "concurrency")} | {Double(level, "samples_per_second"):N0} | {Double(level, "p50_ms"):0.00} ms | {Double(level, "p95_ms"):0.00} ms | {Double(level, "p99_ms"):0.00} ms | {Double(level, "max_ms"):0.0} ms | {Int(level, "failures")} | {peak:0} MiB |"));
            }
        }

        if (document["bounds_from_http_ceiling"] is JsonObject bounds)
        {
            md.AppendLine();
            foreach (var (key, value) in bounds)
            {
                var ratio = value?.GetValue<double>() ?? double.NaN;
                md.AppendLine(key.EndsWith("_over_batching_off", StringComparison.Ordinal)
                    ? string.Create(Invariant, $"- The HTTP ceiling is {ratio:0.00}× batching off at the top concurrency: the most any batching could gain here.")
                    : string.Create(Invariant, $"- The HTTP ceiling is {ratio * 100:0}% of the in-process limit: the most of it any server could reach here with JSON requests."));
            }
        }
        md.AppendLine();
        md.AppendLine($"Measured {Text(document, "date_utc")}: `{Text(document, "command")}`.");
        md.AppendLine();
    }

    private Goal Verdict(string wanted, string key, Func<double, string> format)
    {
        var goal = document?["goals"]?[key];
        if (goal is null) return new Goal(wanted, "no serving results", GoalStatus.NotRun);
        var ratio = Double(goal, "ratio");
        return new Goal(wanted, format(ratio), goal["pass"]?.GetValue<bool>() == true ? GoalStatus.Pass : GoalStatus.Fail);
    }

    private double P99At(int concurrency) =>
        Levels("batching_on").Where(l => Int(l, "concurrency") == concurrency).Select(l => Double(l, "p99_ms")).FirstOrDefault(double.NaN);

    private IEnumerable<JsonNode> Levels(string mode) => (document?["server"]?[mode]?["levels"] as JsonArray ?? []).OfType<JsonNode>();

    // Missing figures read as NaN here, so a ratio of them prints as NaN rather than failing the page.
    private static double Double(JsonNode? node, string key) => ResultJson.Double(node, key) ?? double.NaN;

    private static int Int(JsonNode? node, string key) => ResultJson.Int(node, key) ?? 0;

    private static string Text(JsonNode? node, string key) => ResultJson.Text(node, key);
}
