#:project ../../src/Lepton.Training/Lepton.Training.csproj
#:property PublishAot=false
// One configuration of the digits benchmark's spec on its 5 cross-validation folds, as `lepton tune` trains a trial
// (PlanSplits' development rows and folds, TableTrainer.Train on each fold), with each fold's accuracy and training
// note: the single-configuration checks of docs/tuning.md ("Benchmark: digits").
//   dotnet run -c Release bench/tuning/digits_probe.cs SPEC DATA key=value...   (dotted spec paths, JSON values)
//   e.g. ... combiner.num_fc_layers=1 combiner.output_size=256 preprocessing.split.seed=1 'preprocessing.split.probabilities=[0.72,0.08,0.2]'
// REFIT=1: after each fold, train again for the best epoch's count without early stopping on all but 0.5 % of the rows.
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data.Tables;
using Lepton.Training.Automatic;
using Lepton.Training.Specs;

// The rows and folds are the spec file's; the values given (a split's seed or validation share too) change only how each fold trains.
var written = TrainingSpec.Load(args[0]);
var values = args.Skip(2).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => JsonNode.Parse(p[1]));
var spec = written.With(values);
using var table = Table.Read(args[1]);
var trainer = new TableTrainer();
var rowsPlan = trainer.PlanFromSpec(table, written);
var plan = trainer.PlanFromSpec(table, spec);
var holdOut = PlanSplits.HoldOut(table, rowsPlan);
var folds = PlanSplits.Folds(table, rowsPlan, holdOut.Train, written.Hyperopt?.Folds ?? 5);
var scores = new List<double>();
var clock = System.Diagnostics.Stopwatch.StartNew();
foreach (var fold in folds)
{
    var result = trainer.Train(table, plan, fold);
    if (Environment.GetEnvironmentVariable("REFIT") == "1")
    {
        // Emulated refit: the epochs the fold's first network kept, trained again on (almost) every fold row.
        var best = int.Parse(System.Text.RegularExpressions.Regex.Match(result.Trials[^1].Note, @"best epoch (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var again = spec.With(new Dictionary<string, JsonNode?> { ["trainer.epochs"] = best, ["trainer.early_stop"] = -1, ["preprocessing.split.probabilities"] = JsonNode.Parse("[0.795,0.005,0.2]") });
        result.Dispose();
        result = trainer.Train(table, trainer.PlanFromSpec(table, again), fold);
    }
    using var _ = result;
    scores.Add(result.TestMetrics["accuracy"]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fold {scores.Count}: {scores[^1]:0.0000} (fit {result.TrainRows}, validation {result.ValidationRows}, test {result.TestRows}) {result.Trials[^1].Note}"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean {scores.Average():0.0000} {string.Join(' ', args.Skip(2))} ({clock.Elapsed.TotalSeconds:0} s)"));
