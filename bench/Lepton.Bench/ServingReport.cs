using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Bench;

/// <summary>The serving part of <c>docs/benchmarks.md</c>, from <c>serving.json</c> (written by bench/Lepton.Bench.Serving).</summary>
internal sealed class ServingReport(JsonObject? document)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly (string Key, string Label)[] Encodings = [("binary", "binary tensors, as LeptonClient sends"), ("json", "JSON numbers")];

    public IEnumerable<Goal> Goals()
    {
        var top = Levels("batching_on").Select(l => Int(l, "concurrency")).DefaultIfEmpty(64).Max();
        foreach (var (encoding, label) in Encodings)
        {
            yield return Verdict($"Server with dynamic batching ≥ 3× batching off at concurrency {top} ({label})", encoding, $"batching_on_c{top}_over_off_at_least_3x", r => $"{r:0.00}×");
            yield return Verdict($"Server with dynamic batching ≥ 70% of the in-process batched `Predict` at concurrency {top} ({label})", encoding, $"batching_on_c{top}_at_least_70pct_of_in_process", r => $"{r * 100:0.0}%");
            var wanted = $"p99 latency at concurrency 1 within 2 ms of the in-process single-sample time ({label})";
            var p99 = document?["goals"]?[encoding]?["p99_c1_within_2ms_of_single_sample"];
            yield return p99 is null
                ? new Goal(wanted, "no serving results", GoalStatus.NotRun)
                : new Goal(wanted,
                    string.Create(Invariant, $"+{Double(p99, "value_ms"):0.00} ms (p99 {P99At(Mode(encoding, "batching_on"), 1):0.00} ms vs {Double(document!["in_process"], "single_sample_ms"):0.00} ms in process)"),
                    p99["pass"]?.GetValue<bool>() == true ? GoalStatus.Pass : GoalStatus.Fail);
        }
    }

    public void Render(StringBuilder md)
    {
        if (!ResultJson.Section(md, "## Serving", document)) return;

        var s = document["settings"]!;
        var inProcess = document["in_process"]!;
        md.AppendLine(string.Create(Invariant,
            $"`lepton serve` with the Fashion-MNIST model from `lepton quickstart` (bench/run.sh trains it for one short epoch: speed does not depend on the weights), in its own process on 127.0.0.1, under Debian's `wrk` as a closed-loop load generator: each of N connections sends one Open Inference Protocol v2 `infer` request of one 1×28×28 image, waits for the answer, sends the next. The image goes as JSON numbers, and again as the binary tensor data extension (a JSON header, then 3,136 bytes of FP32), which is what `LeptonClient` sends. {Text(s, "DurationSeconds")} s per level; each server is first warmed up for {Text(s, "WarmupSeconds")} s (.NET recompiles hot methods optimized in the first seconds under load) and each level for 2 s. Settings: max batch {Text(s, "MaxBatch")}, max delay {Text(s, "MaxDelayMs")} ms, {Text(s, "Workers")} worker of {Text(s, "ThreadsPerWorker")} engine thread; batching off is the same server with batching switched off. The HTTP ceiling rows serve a model that costs almost nothing (one dense layer on the pixels) with batching on: no server of this model can answer more requests here. Load generator and server share the machine's 2 cores."));
        md.AppendLine();
        md.AppendLine(string.Create(Invariant,
            $"The limit beside it: the same model's batched `Predict` in the benchmark's process at batch {Text(inProcess, "batch")} with every core, measured before the servers ({Double(inProcess, "samples_per_second_before"):N0} samples/s) and after them ({Double(inProcess, "samples_per_second_after"):N0}); the higher, {Double(inProcess, "samples_per_second"):N0} samples/s, is used. One sample alone takes {Double(inProcess, "single_sample_ms"):0.000} ms (the lower of the two measurements; p99 {Double(inProcess, "single_sample_p99_ms"):0.000} ms)."));
        md.AppendLine();
        md.AppendLine("Latency at concurrency 1 is timed per request by the load script. At 16 and 64 it is wrk's own, which wrk raises to correct for coordinated omission (it adds samples for the requests an open-loop client would have sent during a slow answer), so those p99s overstate what requests took.");
        md.AppendLine();
        md.AppendLine("| Request body | Server | Concurrency | Samples/s | p50 | p95 | p99 | max | Failed | GC pause | Server peak memory |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (encoding, _) in Encodings)
        {
            foreach (var (mode, label) in new[] { ("batching_off", "batching off"), ("batching_on", "batching on"), ("http_ceiling", "HTTP ceiling (near-free model)") })
            {
                var name = Mode(encoding, mode);
                var peak = Double(document["server"]?[name], "server_peak_memory_mib");
                foreach (var level in Levels(name))
                {
                    md.AppendLine(string.Create(Invariant,
                        $"| {(encoding == "json" ? "JSON" : "binary")} | {label} | {Int(level, "concurrency")} | {Double(level, "samples_per_second"):N0} | {Double(level, "p50_ms"):0.00} ms | {Double(level, "p95_ms"):0.00} ms | {Double(level, "p99_ms"):0.00} ms | {Double(level, "max_ms"):0.0} ms | {Int(level, "failures")} | {Double(level["gc"], "pause_ms"):0} ms | {peak:0} MiB |"));
                }
            }
        }

        md.AppendLine();
        md.AppendLine("What bounds the goals on this machine:");
        md.AppendLine();
        foreach (var (encoding, label) in Encodings)
        {
            if (document["bounds_from_http_ceiling"]?[encoding] is not JsonObject bounds) continue;
            foreach (var (key, value) in bounds)
            {
                var ratio = value?.GetValue<double>() ?? double.NaN;
                md.AppendLine(key switch
                {
                    _ when key.StartsWith("ceiling", StringComparison.Ordinal) && key.EndsWith("_over_batching_off", StringComparison.Ordinal) =>
                        string.Create(Invariant, $"- {label}: the HTTP ceiling is {ratio:0.00}× batching off at the top concurrency."),
                    _ when key.StartsWith("ceiling", StringComparison.Ordinal) =>
                        string.Create(Invariant, $"- {label}: the HTTP ceiling is {ratio * 100:0}% of the in-process limit{(ratio < 1 ? ": no server could reach more of it here" : "")}."),
                    _ => string.Create(Invariant, $"- {label}: the in-process limit itself is {ratio:0.00}× batching off: batching cannot gain more than that, whatever the server does."),
                });
            }
        }

        md.AppendLine();
        md.AppendLine($"Measured {Text(document, "date_utc")}: `{Text(document, "command")}`.");
        md.AppendLine();
    }

    private Goal Verdict(string wanted, string encoding, string key, Func<double, string> format)
    {
        var goal = document?["goals"]?[encoding]?[key];
        if (goal is null) return new Goal(wanted, "no serving results", GoalStatus.NotRun);
        var ratio = Double(goal, "ratio");
        return new Goal(wanted, format(ratio), goal["pass"]?.GetValue<bool>() == true ? GoalStatus.Pass : GoalStatus.Fail);
    }

    private static string Mode(string encoding, string mode) => encoding == "json" ? mode : $"{encoding}_{mode}";

    private double P99At(string mode, int concurrency) =>
        Levels(mode).Where(l => Int(l, "concurrency") == concurrency).Select(l => Double(l, "p99_ms")).FirstOrDefault(double.NaN);

    private IEnumerable<JsonNode> Levels(string mode) => (document?["server"]?[mode]?["levels"] as JsonArray ?? []).OfType<JsonNode>();

    // Missing figures read as NaN here, so a ratio of them prints as NaN rather than failing the page.
    private static double Double(JsonNode? node, string key) => ResultJson.Double(node, key) ?? double.NaN;

    private static int Int(JsonNode? node, string key) => ResultJson.Int(node, key) ?? 0;

    private static string Text(JsonNode? node, string key) => ResultJson.Text(node, key);
}
