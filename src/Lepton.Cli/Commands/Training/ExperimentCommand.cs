using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Data.Splits;
using Lepton.Data.Tables;
using Lepton.Tracking;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using Spectre.Console;
using Table = Lepton.Data.Tables.Table;

namespace Lepton.Cli.Commands.Training;

/// <summary>
/// <c>lepton experiment DATA --target COL --folds 5</c>: k-fold cross-validation of <c>lepton train</c>'s automatic
/// trainer. Each fold trains on the other folds (its validation rows for choosing and early stopping come from them)
/// and is tested on its own rows; prints fold × metric and mean ± sd, records every fold as a child run.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var data = new Argument<string>("data") { Description = "The table to cross-validate on (CSV, TSV, JSON, JSON Lines or Parquet; or a catalog dataset: iris, wine, breast_cancer, digits, diabetes), or a training spec (.yaml)." };
        var specData = new Option<string?>("--data") { Description = "With a spec: the table to use instead of the spec's data: key." };
        var target = new Option<string?>("--target", "-t") { Description = "The column to predict (default: the folds file's target, else a catalog dataset's)." };
        var folds = new Option<int>("--folds", "-k") { Description = "How many folds (stratified for classification, shuffled with the seed).", DefaultValueFactory = _ => 5 };
        var task = new Option<string>("--task") { Description = "auto (the folds file's task, else decided from the target), classification or regression.", DefaultValueFactory = _ => "auto" };
        task.AcceptOnlyFromAmong("auto", "classification", "regression");
        var timeLimit = new Option<string>("--time-limit") { Description = "How long trying candidates may take per fold: 90s, 2m. Given, the time the default candidates leave goes to a search of their settings (see --trials).", DefaultValueFactory = _ => "2m" };
        var seed = new Option<int>("--seed") { Description = "Seed of the folds, the validation splits and every candidate.", DefaultValueFactory = _ => 0 };
        var foldsFile = new Option<string?>("--folds-file") { Description = "Test row positions per fold, {\"task\",\"target\",\"folds\":[[…],…]} (bench/training/prepare.py writes it); overrides --folds." };
        var name = new Option<string?>("--name") { Description = "The experiment's name in tracking (default: the data file's name without extension)." };
        var results = new Option<string?>("--results") { Description = "Also write every fold's metrics and the mean and sd as JSON to this file." };
        var noTracking = new Option<bool>("--no-tracking") { Description = "Do not record the runs." };
        var reading = new DataReadOptions();
        var search = new SearchTrialsOption();
        var command = new Command("experiment", "Cross-validate the automatic trainer on a table: k folds, each trained on the others and tested on its own rows; mean ± sd per metric, every fold a run.")
        {
            data, target, folds, task, timeLimit, search.Option, seed, foldsFile, name, results, noTracking, specData,
        };
        reading.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var (spec, table) = SpecInput.Resolve(result.GetValue(data)!, result.GetValue(specData));
            var settings = new ExperimentSettings(
                table,
                spec?.Outputs.FirstOrDefault() ?? result.GetValue(target),
                TrainingInput.TaskOf(result.GetValue(task)),
                result.GetValue(folds),
                TimeLimit.Parse(result.GetValue(timeLimit)!),
                result.GetValue(seed),
                result.GetValue(foldsFile),
                result.GetValue(name),
                result.GetValue(results),
                !result.GetValue(noTracking),
                reading.Read(result),
                string.Join(' ', ["lepton", .. result.Tokens.Select(t => t.Value)]))
            { Input = DataInput.Resolve(table), Spec = spec, SearchTrials = search.Read(result, timeLimit) };
            return RunAsync(settings, console, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(ExperimentSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var assigned = settings.FoldsFile is null ? null : FoldsFile.Read(settings.FoldsFile);
        var target = settings.Target ?? assigned?.Target ?? settings.Input.DefaultTarget
            ?? throw new CliException("Name the column to predict with --target (or give a --folds-file that names its target).");
        if (assigned is null && settings.Folds < 2) throw new CliException($"--folds {settings.Folds}: cross-validation needs at least 2 folds.");
        LeptonRuntime.Initialize(new RuntimeOptions { Seed = settings.Seed, Device = ComputeDevice.Auto });
        var trainer = Trainer(settings, settings.Task ?? TrainingInput.TaskOf(assigned?.Task));
        var clock = Stopwatch.StartNew();
        using var table = await settings.Input.ReadTableAsync(settings.Reading, cancellationToken);
        console.MarkupLineInterpolated($"{settings.Input.Description}: {table.RowCount:N0} rows, {table.Columns.Count} columns ({clock.Elapsed.TotalSeconds:0.0}s)");
        var plan = settings.Spec is null ? Guard(() => trainer.Plan(table, target, cancellationToken)) : SpecInput.Plan(trainer, table, settings.Spec, cancellationToken);
        TrainPlanView.Write(console, plan);
        var splits = assigned is not null ? assigned.Splits(table.RowCount, settings.FoldsFile!) : Folds(table, plan, settings);
        var source = assigned is not null ? Path.GetFileName(settings.FoldsFile!) : plan.Task == TrainingTask.Classification ? "stratified k-fold" : "k-fold";
        console.MarkupLineInterpolated($"Folds: {splits.Count} ({source}, seed {settings.Seed}); each fold's time limit {plan.Options.TimeLimit}; the held-out fold is never used to choose or stop");

        await using var tracking = settings.Track ? await TrackingClient.OpenAsync(CancellationToken.None) : null;
        var parent = tracking is null ? null : await ExperimentRecord.StartParentAsync(tracking, settings, plan, splits.Count, source);
        try
        {
            var scores = new FoldScores();
            var foldResults = new JsonArray();
            for (var f = 0; f < splits.Count; f++)
            {
                var started = clock.Elapsed;
                using var trained = Guard(() => trainer.Train(table, plan, splits[f], cancellationToken: cancellationToken));
                scores.Add(trained.Kept, trained.TestMetrics);
                var metrics = string.Join("  ", trained.TestMetrics.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:0.0000}")));
                console.MarkupLineInterpolated($"[grey]fold {f + 1}/{splits.Count}: {trained.Kept} kept, {trained.TestRows} test rows, {metrics} ({(clock.Elapsed - started).TotalSeconds:0.0}s)[/]");
                foldResults.Add(new JsonObject
                {
                    ["fold"] = f + 1,
                    ["kept"] = trained.Kept,
                    ["test_rows"] = trained.TestRows,
                    ["seconds"] = Math.Round((clock.Elapsed - started).TotalSeconds, 2),
                    ["metrics"] = new JsonObject(trained.TestMetrics.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                    ["trials"] = new JsonArray(trained.Trials.Select(t => (JsonNode)new JsonObject
                    {
                        ["candidate"] = t.Name,
                        ["validation_score"] = t.ValidationScore,
                        ["seconds"] = Math.Round(t.Duration.TotalSeconds, 2),
                        ["note"] = t.Note,
                    }).ToArray()),
                });
                if (tracking is not null) await ExperimentRecord.WriteFoldAsync(tracking, settings, parent!, f + 1, trained);
            }
            console.Write(scores.ToTable());
            if (settings.Results is not null) await WriteResultsAsync(settings, plan, scores, foldResults, clock.Elapsed);
            if (parent is not null)
            {
                await ExperimentRecord.FinishParentAsync(parent, scores);
                console.MarkupLineInterpolated($"Recorded run [bold]{parent.RunId}[/] and {splits.Count} fold runs (tagged {ExperimentRecord.ParentTag}) in experiment '{settings.Name}' ({tracking!.Store.Description}).");
            }
            return ExitCodes.Success;
        }
        catch (Exception e) when (parent is not null)
        {
            await parent.EndAsync(e is OperationCanceledException or CliException { ExitCode: ExitCodes.Interrupted } ? RunStatus.Killed : RunStatus.Failed, CancellationToken.None);
            throw;
        }
    }

    private static IReadOnlyList<SplitIndices> Folds(Table table, TrainingPlan plan, ExperimentSettings settings)
    {
        if (settings.Folds > table.RowCount) throw new CliException($"--folds {settings.Folds}: the table has only {table.RowCount} rows.");
        return plan.Task == TrainingTask.Classification
            ? Splitter.StratifiedKFold(table, plan.Target, settings.Folds, settings.Seed)
            : Splitter.KFold(table, settings.Folds, settings.Seed);
    }

    private static async Task WriteResultsAsync(ExperimentSettings settings, TrainingPlan plan, FoldScores scores, JsonArray folds, TimeSpan elapsed)
    {
        var json = new JsonObject
        {
            ["data"] = Path.GetFileName(settings.Data),
            ["target"] = plan.Target,
            ["task"] = plan.Task.ToString().ToLowerInvariant(),
            ["time_limit_per_fold_seconds"] = plan.Options.TimeLimit.TotalSeconds,
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 1),
            ["folds"] = folds,
            ["mean"] = new JsonObject(scores.Metrics.Select(m => KeyValuePair.Create(m, (JsonNode?)scores.Mean(m)))),
            ["sd"] = new JsonObject(scores.Metrics.Select(m => KeyValuePair.Create(m, (JsonNode?)scores.StandardDeviation(m)))),
        };
        var path = Path.GetFullPath(settings.Results!);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), CancellationToken.None);
    }

    private static TableTrainer Trainer(ExperimentSettings settings, TrainingTask? task) => Guard(() => new TableTrainer(new TableTrainingOptions
    {
        Task = task,
        TimeLimit = settings.TimeLimitPerFold,
        Seed = settings.Seed,
        SearchTrials = settings.SearchTrials,
    }));

    private static T Guard<T>(Func<T> action) => TrainingErrors.Guard(action, "The experiment was interrupted.");
}
