using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text;
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

// The limit is measured before and after the servers and the higher figure is used: this machine's speed drifts by
// tens of percent over minutes, and the ratios to the limit should not flatter the server when it drifts up.
var (limitBefore, single, singleP99) = InProcessLimit.Measure(model, settings.MaxBatch, settings.DurationSeconds);
Console.WriteLine($"in-process Predict: {limitBefore:0} samples/s at batch {settings.MaxBatch}; one sample {single:0.000} ms (p99 {singleP99:0.000} ms)");

// One 1x28x28 image per request, as JSON numbers and as the binary tensor data extension (what LeptonClient sends).
var pixels = Enumerable.Range(0, 784).Select(i => (float)((i * 37 % 255) / 255.0)).ToArray();
var jsonBody = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
{
    ["inputs"] = new JsonArray(new JsonObject
    {
        ["name"] = "input",
        ["shape"] = new JsonArray(1, 1, 28, 28),
        ["datatype"] = "FP32",
        ["data"] = new JsonArray(pixels.Select(v => (JsonNode)v).ToArray()),
    }),
});
var binaryHeader = Encoding.UTF8.GetBytes("""{"inputs":[{"name":"input","shape":[1,1,28,28],"datatype":"FP32","parameters":{"binary_data_size":3136}}]}""");
var binaryBody = binaryHeader.Concat(pixels.SelectMany(BitConverter.GetBytes)).ToArray();
using var jsonLoad = new LoadGenerator(jsonBody, "application/json", new Dictionary<string, string>());
using var binaryLoad = new LoadGenerator(binaryBody, "application/octet-stream",
    new Dictionary<string, string> { ["Inference-Header-Content-Length"] = binaryHeader.Length.ToString(CultureInfo.InvariantCulture) });

// The same requests against the same server with batching off, with it on, and, to show what the HTTP path alone
// can carry here, with batching on and a model that costs almost nothing (one dense layer on the pixels).
var snakeCase = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
var modes = new JsonObject();
foreach (var (encoding, load) in new[] { ("json", jsonLoad), ("binary", binaryLoad) })
{
    foreach (var (mode, path, batching) in new[] { ("batching_off", model, false), ("batching_on", model, true), ("http_ceiling", LinearModel(), true) })
    {
        var name = encoding == "json" ? mode : $"{encoding}_{mode}";
        await using var server = await ServerProcess.StartAsync(path, batching, settings);
        // Warm up before measuring: .NET compiles hot methods again, optimized, in the first seconds under load.
        await load.RunAsync(server.Address, settings.Concurrency.Max(), settings.WarmupSeconds);
        var levels = new JsonArray();
        foreach (var c in settings.Concurrency)
        {
            await load.RunAsync(server.Address, c, Math.Min(2, settings.WarmupSeconds));
            var before = await server.GcAsync();
            var stats = await load.RunAsync(server.Address, c, settings.DurationSeconds);
            var gc = (await server.GcAsync()).Since(before, stats.Requests);
            Console.WriteLine($"{name,-20} c={c,-3} {stats.SamplesPerSecond,8:0} req/s  p50 {stats.P50Ms,7:0.00} ms  p95 {stats.P95Ms,7:0.00} ms  p99 {stats.P99Ms,7:0.00} ms  max {stats.MaxMs,6:0.0} ms  failures {stats.Failures}  GCs {gc.Gen0}/{gc.Gen1}/{gc.Gen2} pause {gc.PauseMs:0} ms  {gc.AllocatedBytesPerRequest / 1024:0.0} KiB/request");
            var level = JsonSerializer.SerializeToNode(stats, snakeCase)!.AsObject();
            level["gc"] = JsonSerializer.SerializeToNode(gc, snakeCase);
            levels.Add(level);
        }
        var peak = server.PeakMemoryMiB();
        Console.WriteLine($"{name}: server peak memory {peak:0} MiB");
        modes[name] = new JsonObject { ["encoding"] = encoding, ["levels"] = levels, ["server_peak_memory_mib"] = peak };
    }
}

var (limitAfter, singleAfter, _) = InProcessLimit.Measure(model, settings.MaxBatch, settings.DurationSeconds);
Console.WriteLine($"in-process Predict after the servers: {limitAfter:0} samples/s; one sample {singleAfter:0.000} ms");
var limit = Math.Max(limitBefore, limitAfter);
single = Math.Min(single, singleAfter);

double Level(string mode, int c, string key) =>
    modes[mode]!["levels"]!.AsArray().FirstOrDefault(l => l!["concurrency"]!.GetValue<int>() == c)?[key]?.GetValue<double>() ?? double.NaN;
var top = settings.Concurrency.Max();
// The additive bound: a request costs the HTTP path (what the server pays per request for a model that costs nothing:
// the ceiling, same body, same concurrency) plus the model's share of a batched Predict (one sample of the in-process
// limit). The server cannot answer faster than 1 / (1/ceiling + 1/limit) requests/s on these shared cores.
double AdditiveBound(string prefix) => 1 / ((1 / Level(prefix + "http_ceiling", top, "samples_per_second")) + (1 / limit));
// Batching cannot gain more over batching off than the model's own batched Predict gains over one sample at a time.
var modelBatchGain = limit / (1000 / single);
JsonObject Goals(string prefix) => new()
{
    [$"batching_on_c{top}_at_least_90pct_of_additive_bound"] = Bound(Level(prefix + "batching_on", top, "samples_per_second"), AdditiveBound(prefix), 0.9),
    [$"batching_gain_c{top}_at_least_90pct_of_model_batch_gain"] = Bound(Level(prefix + "batching_on", top, "samples_per_second") / Level(prefix + "batching_off", top, "samples_per_second"), modelBatchGain, 0.9),
    ["p99_c1_within_2ms_of_single_sample"] = new JsonObject
    {
        ["value_ms"] = Level(prefix + "batching_on", 1, "p99_ms") - single, ["goal_ms"] = 2, ["pass"] = Level(prefix + "batching_on", 1, "p99_ms") - single <= 2,
    },
};
// What the HTTP ceiling allows: no batching can answer more requests than the server answers for a model that costs nothing.
JsonObject Bounds(string prefix) => new()
{
    [$"ceiling_c{top}_over_batching_off"] = Level(prefix + "http_ceiling", top, "samples_per_second") / Level(prefix + "batching_off", top, "samples_per_second"),
    [$"ceiling_c{top}_over_in_process"] = Level(prefix + "http_ceiling", top, "samples_per_second") / limit,
    // Batching cannot beat the model's own batched Predict: this is the most it could gain over batching off.
    [$"in_process_over_batching_off_c{top}"] = limit / Level(prefix + "batching_off", top, "samples_per_second"),
};
var goals = new JsonObject { ["json"] = Goals(""), ["binary"] = Goals("binary_") };
var bounds = new JsonObject { ["json"] = Bounds(""), ["binary"] = Bounds("binary_") };
Console.WriteLine($"goals: {goals.ToJsonString()}");
Console.WriteLine($"bounds: {bounds.ToJsonString()}");

var result = new JsonObject
{
    ["benchmark"] = "serving",
    ["date_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    ["machine"] = new JsonObject { ["os"] = RuntimeInformation.OSDescription, ["cpus"] = Environment.ProcessorCount, ["dotnet"] = RuntimeInformation.FrameworkDescription },
    ["command"] = "dotnet bench/Lepton.Bench.Serving/bin/Release/net10.0/lepton-bench-serving.dll " + string.Join(' ', args),
    ["settings"] = JsonSerializer.SerializeToNode(settings),
    ["model"] = settings.Model ?? "quickstart CNN, untrained weights",
    ["in_process"] = new JsonObject
    {
        ["samples_per_second"] = limit, ["samples_per_second_before"] = limitBefore, ["samples_per_second_after"] = limitAfter,
        ["batch"] = settings.MaxBatch, ["single_sample_ms"] = single, ["single_sample_p99_ms"] = singleP99,
    },
    ["server"] = modes,
    ["goals"] = goals,
    ["bounds_from_http_ceiling"] = bounds,
};
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.Out))!);
File.WriteAllText(settings.Out, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"wrote {settings.Out}");
return 0;

static JsonObject Bound(double value, double bound, double goal) =>
    new() { ["value"] = value, ["bound"] = bound, ["ratio"] = value / bound, ["goal"] = goal, ["pass"] = value / bound >= goal };

static string LinearModel()
{
    var path = Path.Combine(Path.GetTempPath(), "lepton-bench-serving-linear.lepton");
    LeptonRuntime.Seed(1);
    using var model = new Sequential(new Shape(1, 28, 28), [new Flatten(), new Dense(10)], "linear");
    new ImageFormat().WriteTo(model.Metadata.Preprocessing);
    model.Save(path);
    return path;
}

static string UntrainedFashionCnn()
{
    var path = Path.Combine(Path.GetTempPath(), "lepton-bench-serving-cnn.lepton");
    LeptonRuntime.Seed(1);
    using var model = ImageClassifiers.SmallCnn(new Shape(1, 28, 28), 10);
    new ImageFormat().WriteTo(model.Metadata.Preprocessing);
    model.Save(path);
    return path;
}
