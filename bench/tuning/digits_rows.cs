#:project ../../src/Lepton.Training/Lepton.Training.csproj
// The rows of the digits benchmark (bench/tuning/digits.sh), as `lepton tune` makes them from the spec: its held-out
// test rows and the 5 cross-validation folds of the rest (PlanSplits, the calls SpecTuner makes), so Optuna's side
// tunes and scores on exactly the rows and folds Lepton's trials do.
//   dotnet run bench/tuning/digits_rows.cs SPEC DATA OUT.json
using System.Text.Json.Nodes;
using Lepton.Data.Tables;
using Lepton.Training.Automatic;
using Lepton.Training.Specs;

var spec = TrainingSpec.Load(args[0]);
using var table = Table.Read(args[1]);
var plan = new TableTrainer().PlanFromSpec(table, spec);
var holdOut = PlanSplits.HoldOut(table, plan);
var folds = PlanSplits.Folds(table, plan, holdOut.Train, spec.Hyperopt?.Folds ?? 5);
static JsonArray Positions(IEnumerable<long> rows) => [.. rows.Order().Select(r => (JsonNode)r)];
var json = new JsonObject
{
    ["target"] = plan.Target,
    ["development"] = Positions(holdOut.Train),
    ["test"] = Positions(holdOut.Test),
    ["folds"] = new JsonArray([.. folds.Select(f => (JsonNode)Positions(f.Test))]),
};
File.WriteAllText(args[2] + ".tmp", json.ToJsonString());
File.Move(args[2] + ".tmp", args[2], overwrite: true);
Console.WriteLine($"{args[2]}: {holdOut.Train.Length} development rows in {folds.Count} folds, {holdOut.Test.Length} test rows");
