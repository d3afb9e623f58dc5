#:project ../../src/Lepton.Export/Lepton.Export.csproj
#:property PublishAot=false
#:property JsonSerializerIsReflectionEnabledByDefault=true
// ONNX Runtime against TorchSharp in one process (bench/onnx-runtime/run.sh): the quickstart CNN, the tabular MLP
// `lepton train` builds and an LSTM text model, each run the way serving runs it (Model.Predict on TorchSharp,
// OnnxModel.Run over the model exported in memory on ONNX Runtime), with 1 and 2 threads: p50/p99 latency of one
// sample and samples/s at batch 64. Rounds are interleaved (every configuration once per round), so a load spike on
// the shared machine touches all of them; the JSON keeps every round, the table the median and the spread.
//   dotnet run -c Release bench/onnx-runtime/onnx_runtime.cs -- OUT.json [ROUNDS] [SECONDS]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton;
using Lepton.Export.Runtime;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Zoo;
using static TorchSharp.torch;

var output = args.Length > 0 ? args[0] : "bench/results/onnx-runtime.json";
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 1.0;
const int Batch = 64;
int[] threadCounts = [1, 2];

LeptonRuntime.Seed(1);
var models = new (string Name, string What, Model Model)[]
{
    ("quickstart CNN", "lepton quickstart's `small` recipe (conv32-3x3, pool, conv64-3x3, pool, dense 128, dense 10) on 1x28x28", ImageClassifiers.SmallCnn(new Shape(1, 28, 28), 10)),
    ("tabular MLP", "lepton train's default MLP (dense 128 relu, dropout 0.1, dense 64 relu, dropout 0.1, dense 2) on breast_cancer's 30 features",
        new Sequential(new Shape(30), [new Dense(128, "relu"), new Dropout(0.1), new Dense(64, "relu"), new Dropout(0.1), new Dense(2)], "mlp")),
    ("LSTM text", "64 token ids, embedding 8,000 x 64, LSTM 64 (last state), dense 64 relu, dense 6",
        new Sequential(new Shape(64), [new Embedding(8000, 64), new LSTM(64), new Dense(64, "relu"), new Dense(6)], "lstm_text")),
};

var load = () => File.ReadAllText("/proc/loadavg").Split(' ')[..3];
var loadBefore = load();
var started = DateTimeOffset.UtcNow;
var cases = new List<Case>();
foreach (var (name, what, model) in models)
{
    foreach (var threads in threadCounts)
    {
        cases.Add(new Case(name, "torch", threads, Torch(model, threads, 1), Torch(model, threads, Batch)));
        var onnx = OnnxModel.FromModel(model, threads);
        cases.Add(new Case(name, "onnx", threads, Onnx(onnx, model, 1), Onnx(onnx, model, Batch)));
    }
}

// Every runner once before timing anything: first calls load kernels and plan graphs.
foreach (var c in cases)
{
    for (var i = 0; i < 20; i++) c.One();
    for (var i = 0; i < 3; i++) c.Batch();
}

var results = cases.ToDictionary(c => c, _ => new List<(double P50, double P99, double Throughput)>());
for (var round = 0; round < rounds; round++)
{
    foreach (var c in cases)
    {
        var latencies = new List<double>();
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until || latencies.Count < 200)
        {
            var t0 = Stopwatch.GetTimestamp();
            c.One();
            latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
        }
        latencies.Sort();
        var samples = 0;
        var t1 = Stopwatch.GetTimestamp();
        until = t1 + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until || samples < 10 * Batch)
        {
            c.Batch();
            samples += Batch;
        }
        var throughput = samples / Stopwatch.GetElapsedTime(t1).TotalSeconds;
        results[c].Add((Quantile(latencies, 0.5), Quantile(latencies, 0.99), throughput));
    }
    Console.Error.WriteLine($"round {round + 1}/{rounds} done, load {string.Join(' ', load())}");
}
var loadAfter = load();

var json = new JsonObject
{
    ["benchmark"] = "onnx-runtime",
    ["command"] = "bench/onnx-runtime/run.sh",
    ["date"] = started.ToString("u", CultureInfo.InvariantCulture),
    ["machine"] = new JsonObject
    {
        ["cpu"] = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim(),
        ["cores"] = Environment.ProcessorCount,
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ["dotnet"] = Environment.Version.ToString(),
    },
    ["load_before"] = string.Join(' ', loadBefore),
    ["load_after"] = string.Join(' ', loadAfter),
    ["rounds"] = rounds,
    ["seconds_per_measure"] = seconds,
    ["batch"] = Batch,
    ["models"] = new JsonArray(models.Select(m => (JsonNode)new JsonObject { ["name"] = m.Name, ["architecture"] = m.What, ["parameters"] = m.Model.CountParameters() }).ToArray()),
    ["results"] = new JsonArray(cases.Select(c =>
    {
        var r = results[c];
        return (JsonNode)new JsonObject
        {
            ["model"] = c.Model,
            ["runtime"] = c.Runtime,
            ["threads"] = c.Threads,
            ["p50_us"] = Stats(r.Select(x => x.P50)),
            ["p99_us"] = Stats(r.Select(x => x.P99)),
            ["samples_per_s_batch64"] = Stats(r.Select(x => x.Throughput)),
        };
    }).ToArray()),
};
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
File.WriteAllText(output, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

// The table for docs/benchmarks.md: medians over rounds, the spread (min–max) beside them.
Console.WriteLine("| Model | Threads | Runtime | p50 one sample (µs) | p99 one sample (µs) | samples/s at batch 64 |");
Console.WriteLine("|---|---:|---|---:|---:|---:|");
foreach (var c in cases)
{
    var r = results[c];
    Console.WriteLine($"| {c.Model} | {c.Threads} | {(c.Runtime == "onnx" ? "ONNX Runtime" : "TorchSharp")} | {Cell(r.Select(x => x.P50))} | {Cell(r.Select(x => x.P99))} | {Cell(r.Select(x => x.Throughput))} |");
}
Console.WriteLine($"load before {string.Join(' ', loadBefore)}, after {string.Join(' ', loadAfter)}; wrote {output}");

static double Quantile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

static double Median(IEnumerable<double> values)
{
    var v = values.Order().ToArray();
    return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
}

static JsonObject Stats(IEnumerable<double> values)
{
    var v = values.ToArray();
    return new JsonObject { ["median"] = Math.Round(Median(v), 1), ["min"] = Math.Round(v.Min(), 1), ["max"] = Math.Round(v.Max(), 1), ["rounds"] = new JsonArray(v.Select(x => (JsonNode)Math.Round(x, 1)).ToArray()) };
}

static string Cell(IEnumerable<double> values)
{
    var v = values.ToArray();
    return string.Create(CultureInfo.InvariantCulture, $"{Median(v):N0} ({v.Min():N0}–{v.Max():N0})");
}

// Inputs as serving gets them: ids for the text model (whole numbers below the vocabulary), values elsewhere.
static float[] Input(Model model, int batch)
{
    var random = new Random(7);
    var count = batch * (int)model.InputShapes[0].ElementCount;
    var ids = model.Layers.OfType<Embedding>().Any();
    return Enumerable.Range(0, count).Select(_ => ids ? random.Next(1, 8000) : (float)random.NextDouble()).ToArray();
}

// TorchSharp as serving runs it: a batch tensor, Model.Predict in a dispose scope, the output copied out.
static Action Torch(Model model, int threads, int batch)
{
    var data = Input(model, batch);
    long[] shape = [batch, .. model.InputShapes[0].Dimensions];
    return () =>
    {
        // As serving's TorchRunner: set only when it changes (the cases interleave 1 and 2 threads).
        if (EngineThreads.Current != threads)
        {
            set_num_threads(threads);
            EngineThreads.Current = threads;
        }
        using var scope = NewDisposeScope();
        var input = tensor(data, shape);
        _ = model.Predict(input).data<float>().ToArray();
    };
}

// ONNX Runtime as serving runs it: OrtValues over the request's float[] (no copy), the output copied out.
static Action Onnx(OnnxModel onnx, Model model, int batch)
{
    var data = Input(model, batch);
    long[][] shapes = [[batch, .. model.InputShapes[0].Dimensions]];
    Memory<float>[] inputs = [data];
    return () => onnx.Run(inputs, shapes);
}

internal static class EngineThreads
{
    public static int Current;
}

internal sealed record Case(string Model, string Runtime, int Threads, Action One, Action Batch);
