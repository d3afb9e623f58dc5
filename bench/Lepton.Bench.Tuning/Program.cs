using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lepton.Bench.Tuning;
using Lepton.Tuning;
using Lepton.Tuning.Pruners;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Studies;

// lepton-bench-tuning OUT.json [--seeds 30] [--first-seed 0] [--trials 100] [--functions branin,hartmann6,rosenbrock10_log] [--samplers tpe,random,tpe_univariate]
// Runs a Tuner (NoPruner, in-memory store, one worker) per function × sampler × seed and writes, per run, the best
// value found after each trial and the run's wall time. bench/tuning/samplers.sh runs it beside Optuna.
if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: lepton-bench-tuning OUT.json [--seeds N] [--trials N] [--functions a,b] [--samplers tpe,random]");
    return 2;
}
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
var seeds = int.Parse(options.GetValueOrDefault("seeds", "30"), CultureInfo.InvariantCulture);
var firstSeed = int.Parse(options.GetValueOrDefault("first-seed", "0"), CultureInfo.InvariantCulture);
var trials = int.Parse(options.GetValueOrDefault("trials", "100"), CultureInfo.InvariantCulture);
var functions = options.TryGetValue("functions", out var f) ? f.Split(',').Select(TestFunction.Find).ToList() : TestFunction.All.ToList();
var samplers = options.GetValueOrDefault("samplers", "tpe,random").Split(',');

var runs = new List<object>();
foreach (var function in functions)
{
    foreach (var sampler in samplers)
    {
        var watch = Stopwatch.StartNew();
        for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var (best, seconds) = await RunAsync(function, Make(sampler, seed), trials);
            runs.Add(new { function = function.Name, sampler, seed, seconds, best });
        }
        Console.Error.WriteLine($"lepton {sampler,-6} {function.Name,-17} {seeds} seeds × {trials} trials in {watch.Elapsed.TotalSeconds:0.0} s");
    }
}
await File.WriteAllTextAsync(args[0], JsonSerializer.Serialize(new { system = "lepton", trials, seeds, runs }));
return 0;

static ISampler Make(string name, int seed) => name switch
{
    "tpe" => new TpeSampler(seed),
    "tpe_univariate" => new TpeSampler(seed, multivariate: false),
    "random" => new RandomSampler(seed),
    _ => throw new ArgumentException($"Unknown sampler '{name}': expected tpe, tpe_univariate or random."),
};

static async Task<(double[] Best, double Seconds)> RunAsync(TestFunction function, ISampler sampler, int trials)
{
    var names = function.Space.Select(p => p.Name).ToArray();
    var tuner = new Tuner(new TunerOptions { Sampler = sampler, Pruner = new NoPruner(), Store = new InMemoryStudyStore(), Trials = trials });
    var watch = Stopwatch.StartNew();
    var result = await tuner.OptimizeAsync(function.Space, trial => function.Evaluate(names.Select(trial.GetDouble).ToArray()));
    var seconds = watch.Elapsed.TotalSeconds;
    var best = new double[trials];
    var sofar = double.PositiveInfinity;
    foreach (var trial in result.Trials.Where(t => t.State == TrialState.Complete).OrderBy(t => t.Number))
    {
        sofar = Math.Min(sofar, trial.Value!.Value);
        best[trial.Number] = sofar;
    }
    return (best, seconds);
}
