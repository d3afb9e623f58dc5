#:project ../../src/Lepton.Tuning/Lepton.Tuning.csproj
// Lepton's side of the importance benchmark (bench/tuning/importance.sh): draws the trials of a known function,
// ranks its parameters with FanovaImportance, and writes the trials (for Optuna) and Lepton's figures as JSON.
//   dotnet run bench/tuning/importance.cs OUT_DIR [N ...]
using System.Diagnostics;
using System.Text.Json.Nodes;
using Lepton.Tuning.Importance;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

var folder = args.Length > 0 ? args[0] : "/tmp/lepton-bench-importance";
var sizes = args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [100, 1000];
Directory.CreateDirectory(folder);

// Six floats on [0, 1], a log-scaled learning rate on [1e-5, 1] and a four-way choice; only x0, x1, lr, act and the
// x2·x3 product move the value. Its exact fANOVA shares (uniform measure, log space for lr) are in importance_optuna.py.
var space = new SearchSpace();
for (var i = 0; i < 6; i++) space.Add($"x{i}", new FloatDistribution(0, 1));
space.Add("lr", new FloatDistribution(1e-5, 1, log: true));
space.Add("act", new CategoricalDistribution(["a", "b", "c", "d"]));
static double Objective(IReadOnlyDictionary<string, double> p) =>
    3 * p["x0"] + Math.Sin(6 * p["x1"]) + 0.3 * Math.Log10(p["lr"]) + (p["act"] == 2 ? 1 : 0) + p["x2"] * p["x3"];

var results = new JsonArray();
foreach (var n in sizes)
{
    var random = new Random(n);
    var trials = new List<TrialRecord>();
    for (var i = 0; i < n; i++)
    {
        var drawn = space.ToDictionary(p => p.Name, p => p.Distribution.SampleUniform(random));
        trials.Add(new TrialRecord { Id = i + 1, Number = i, State = TrialState.Complete, Value = Objective(drawn), Parameters = drawn });
    }
    var study = new StudySnapshot(new StudyInfo { Id = 1, Name = "importance", Direction = StudyDirection.Minimize, Space = space }, trials);
    FanovaImportance.Compute(study); // warm-up: JIT
    var watch = Stopwatch.StartNew();
    var importances = FanovaImportance.Compute(study);
    var seconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"n={n}: {seconds:0.00} s: {string.Join(", ", importances.Select(i => $"{i.Parameter}={i.Importance:0.000}"))}");
    File.WriteAllText(Path.Combine(folder, $"trials-{n}.json"), new JsonArray(trials.Select(t => (JsonNode)new JsonObject
    {
        ["value"] = t.Value,
        ["params"] = new JsonObject(t.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
    }).ToArray()).ToJsonString());
    results.Add((JsonNode)new JsonObject
    {
        ["trials"] = n,
        ["seconds"] = seconds,
        ["importance"] = new JsonObject(importances.Select(i => KeyValuePair.Create(i.Parameter, (JsonNode?)JsonValue.Create(i.Importance)))),
    });
}
File.WriteAllText(Path.Combine(folder, "lepton.json"), results.ToJsonString());
