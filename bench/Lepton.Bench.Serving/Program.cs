using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton;
using Lepton.Bench.Serving;
using Lepton.Data.Images;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Zoo;

// lepton-bench-serving [--model PATH] [--concurrency 1,16,64] [--duration-s 10] [--warmup-s 15] [--max-batch 64] [--max-delay-ms 2]
//                      [--workers 1] [--threads-per-worker 1] [--out FILE]   (needs wrk: apt-get install -y wrk)
// Without --model it saves the quickstart CNN with untrained weights: speed does not depend on what the weights are.
if (args is ["serve-child", ..]) return await ServerProcess.ServeAsync(args);

var settings = BenchSettings.Parse(args);
LoadGenerator.EnsureInstalled();
var model = settings.Model ?? UntrainedFashionCnn();
Console.WriteLine($"model {model}; concurrency {string.Join("/", settings.Concurrency)}; {settings.DurationSeconds} s per level; each server warmed up {settings.WarmupSeconds} s");

var (limit, single) = InProcessLimit.Measure(model, settings.MaxBatch, settings.DurationSeconds);
Console.WriteLine($"in-process Predict: {limit:0} samples/s at batch {settings.MaxBatch}; one sample {single:0.000} ms");

var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
{
    ["inputs"] = new JsonArray(new JsonObject
    {
        ["name"] = "input",
        ["shape"] = new JsonArray(1, 1, 28, 28),
        ["datatype"] = "FP32",
        ["data"] = new JsonArray(Enumerable.Range(0, 784).Select(i => (JsonNode)(float)((i * 37 % 255) / 255.0)).ToArray()),
    }),
});

// The same requests against the same server with batching off, with it on, and, to show what the HTTP and JSON
// path alone can carry here, with batching on and a model that costs almost nothing (one dense layer on the pixels).
using var load = new LoadGenerator(body);
var modes = new JsonObject();
foreach (var (name, path, batching) in new[] { ("batching_off", model, false), ("batching_on", model, true), ("http_ceiling", LinearModel(), true) })
{
    await using var server = await ServerProcess.StartAsync(path, batching, settings);
    // Warm up before measuring: .NET compiles hot methods again, optimized, in the first seconds under load.
    await load.RunAsync(server.Address, settings.Concurrency.Max(), settings.WarmupSeconds);
    var levels = new JsonArray();
    foreach (var c in settings.Concurrency)
    {
        await load.RunAsync(server.Address, c, Math.Min(2, settings.WarmupSeconds));
        var stats = await load.RunAsync(server.Address, c, settings.DurationSeconds);
        Console.WriteLine($"{name,-13} c={c,-3} {stats.SamplesPerSecond,8:0} req/s  p50 {stats.P50Ms,7:0.00} ms  p95 {stats.P95Ms,7:0.00} ms  p99 {stats.P99Ms,7:0.00} ms  failures {stats.Failures}");
        levels.Add(JsonSerializer.SerializeToNode(stats, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
    }
    var peak = server.PeakMemoryMiB();
    Console.WriteLine($"{name}: server peak memory {peak:0} MiB");
    modes[name] = new JsonObject { ["levels"] = levels, ["server_peak_memory_mib"] = peak };
}

double At(string mode, int c) => modes[mode]!["levels"]!.AsArray().FirstOrDefault(l => l!["concurrency"]!.GetValue<int>() == c)?["samples_per_second"]?.GetValue<double>() ?? double.NaN;
double P99(string mode, int c) => modes[mode]!["levels"]!.AsArray().FirstOrDefault(l => l!["concurrency"]!.GetValue<int>() == c)?["p99_ms"]?.GetValue<double>() ?? double.NaN;
var top = settings.Concurrency.Max();
var goals = new JsonObject
{
    [$"batching_on_c{top}_over_off_at_least_3x"] = Goal(At("batching_on", top) / At("batching_off", top), 3),
    [$"batching_on_c{top}_at_least_70pct_of_in_process"] = Goal(At("batching_on", top) / limit, 0.7),
    ["p99_c1_within_2ms_of_single_sample"] = new JsonObject { ["value_ms"] = P99("batching_on", 1) - single, ["goal_ms"] = 2, ["pass"] = P99("batching_on", 1) - single <= 2 },
};
foreach (var (goal, value) in goals) Console.WriteLine($"goal {goal}: {value!.ToJsonString()}");

// What the HTTP ceiling allows: no batching can answer more requests than the server answers for a model that costs nothing.
var bounds = new JsonObject
{
    [$"ceiling_c{top}_over_batching_off"] = At("http_ceiling", top) / At("batching_off", top),
    [$"ceiling_c{top}_over_in_process"] = At("http_ceiling", top) / limit,
};
Console.WriteLine($"bounds: {bounds.ToJsonString()}");

var result = new JsonObject
{
    ["benchmark"] = "serving",
    ["date_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    ["machine"] = new JsonObject { ["os"] = RuntimeInformation.OSDescription, ["cpus"] = Environment.ProcessorCount, ["dotnet"] = RuntimeInformation.FrameworkDescription },
    ["command"] = "dotnet bench/Lepton.Bench.Serving/bin/Release/net10.0/lepton-bench-serving.dll " + string.Join(' ', args),
    ["settings"] = JsonSerializer.SerializeToNode(settings),
    ["model"] = settings.Model ?? "quickstart CNN, untrained weights",
    ["in_process"] = new JsonObject { ["samples_per_second"] = limit, ["batch"] = settings.MaxBatch, ["single_sample_ms"] = single },
    ["server"] = modes,
    ["goals"] = goals,
    ["bounds_from_http_ceiling"] = bounds,
};
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.Out))!);
File.WriteAllText(settings.Out, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"wrote {settings.Out}");
return 0;

static JsonObject Goal(double ratio, double goal) => new() { ["ratio"] = ratio, ["goal"] = goal, ["pass"] = ratio >= goal };

static string LinearModel()
{
    var path = Path.Combine(Path.GetTempPath(), "lepton-bench-serving-linear.lepton");
    LeptonRuntime.Seed(1);
    using var model = new Sequential(new Shape(1, 28, 28), [new Flatten(), new Dense(10)], "linear");
    model.Metadata.Preprocessing["image"] = new ImageFormat().ToJson();
    model.Save(path);
    return path;
}

static string UntrainedFashionCnn()
{
    var path = Path.Combine(Path.GetTempPath(), "lepton-bench-serving-cnn.lepton");
    LeptonRuntime.Seed(1);
    using var model = ImageClassifiers.SmallCnn(new Shape(1, 28, 28), 10);
    model.Metadata.Preprocessing["image"] = new ImageFormat().ToJson();
    model.Save(path);
    return path;
}
