using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Tracking;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using Spectre.Console;
using Table = Lepton.Data.Tables.Table;

namespace Lepton.Cli.Commands.Training;

/// <summary>
/// <c>lepton train DATA --target COL</c>: profiles a table, prints the plan it chose (roles, preprocessing, task,
/// split, candidates), trains the candidates within the time limit, keeps the best by validation score, tests it on
/// held-out rows, saves a model file that serves raw records, records the run and registers the model.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var data = new Argument<string>("data") { Description = "The table to learn from: CSV, TSV, JSON, JSON Lines or Parquet." };
        var target = new Option<string>("--target", "-t") { Description = "The column to predict.", Required = true };
        var task = new Option<string>("--task") { Description = "auto (decide from the target), classification or regression.", DefaultValueFactory = _ => "auto" };
        task.AcceptOnlyFromAmong("auto", "classification", "regression");
        var timeLimit = new Option<string>("--time-limit") { Description = "How long trying candidates may take: 90s, 10m, 1h.", DefaultValueFactory = _ => "10m" };
        var output = new Option<string?>("--output", "-o") { Description = "Where to save the model file (default: models/NAME.lepton)." };
        var name = new Option<string?>("--name") { Description = "The registered model's name and the experiment's (default: the data file's name without extension)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the splits and of every candidate.", DefaultValueFactory = _ => 0 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows held out to test the kept model.", DefaultValueFactory = _ => 0.2 };
        var candidates = new Option<string>("--candidates") { Description = "Model families to try, comma-separated: linear, gbm, mlp.", DefaultValueFactory = _ => "linear,gbm,mlp" };
        var noTracking = new Option<bool>("--no-tracking") { Description = "Do not record the run or register the model." };
        var reading = new DataReadOptions();
        var command = new Command("train", "Train a model on a table: profile it, choose the preprocessing and the model, test it, save a file that serves raw records, record and register it.")
        {
            data, target, task, timeLimit, output, name, seed, testFraction, candidates, noTracking,
        };
        reading.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var settings = new TrainSettings(
                result.GetValue(data)!,
                result.GetValue(target)!,
                TrainingInput.TaskOf(result.GetValue(task)),
                TimeLimit.Parse(result.GetValue(timeLimit)!),
                result.GetValue(output),
                result.GetValue(name),
                result.GetValue(seed),
                result.GetValue(testFraction),
                result.GetValue(candidates)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                !result.GetValue(noTracking),
                reading.Read(result),
                string.Join(' ', ["lepton", .. result.Tokens.Select(t => t.Value)]));
            return RunAsync(settings, console, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(TrainSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Data)) throw new CliException($"{settings.Data}: no such file. Give a CSV, TSV, JSON, JSON Lines or Parquet table.");
        LeptonRuntime.Initialize(new RuntimeOptions { Seed = settings.Seed, Device = ComputeDevice.Auto });
        var trainer = Trainer(settings);
        await using var tracking = settings.Track ? await TrackingClient.OpenAsync(CancellationToken.None) : null;
        var clock = Stopwatch.StartNew();
        using var table = await TrainingInput.ReadAsync(settings.Data, settings.Reading, cancellationToken);
        console.MarkupLineInterpolated($"{settings.Data}: {table.RowCount:N0} rows, {table.Columns.Count} columns ({clock.Elapsed.TotalSeconds:0.0}s)");
        var plan = Plan(trainer, table, settings.Target, cancellationToken);
        TrainPlanView.Write(console, plan);

        var run = tracking is null ? null : await tracking.StartRunAsync(settings.Name, "train", settings.CommandLine, cancellationToken: CancellationToken.None);
        try
        {
            using var trained = TrainOn(trainer, table, plan, new ConsoleProgress(console), new EpochProgress(console), cancellationToken);
            TrainPlanView.WriteResults(console, trained);
            var path = settings.Output ?? Path.Combine("models", settings.Name + ".lepton");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            trained.Save(path);
            console.MarkupLineInterpolated($"Saved [bold]{path}[/] ({new FileInfo(path).Length / 1024.0:0.0} KB): it carries the preprocessing, so it reads raw records.");
            if (run is not null) await TrainRecord.WriteAsync(run, console, settings, table, trained, path);
            var lepton = Environment.GetEnvironmentVariable("LEPTON_COMMAND") ?? "lepton";
            // Written around Spectre so a long path is not wrapped: the lines are meant to be copied.
            console.Profile.Out.Writer.WriteLine($"Next: {lepton} evaluate {path} {settings.Data}");
            console.Profile.Out.Writer.WriteLine($"      {lepton} serve {path}");
            return ExitCodes.Success;
        }
        catch (Exception e) when (run is not null)
        {
            await run.EndAsync(e is OperationCanceledException ? RunStatus.Killed : RunStatus.Failed, CancellationToken.None);
            throw;
        }
    }

    private static TableTrainer Trainer(TrainSettings settings)
    {
        try
        {
            return new TableTrainer(new TableTrainingOptions
            {
                Task = settings.Task,
                TimeLimit = settings.TimeLimit,
                Seed = settings.Seed,
                TestFraction = settings.TestFraction,
                Candidates = settings.Candidates,
            });
        }
        catch (TrainingException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static TrainingPlan Plan(TableTrainer trainer, Table table, string target, CancellationToken cancellationToken)
    {
        try
        {
            return trainer.Plan(table, target, cancellationToken);
        }
        catch (TrainingException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static TableTrainingResult TrainOn(TableTrainer trainer, Table table, TrainingPlan plan, IProgress<string> progress, EpochProgress epochs,
        CancellationToken cancellationToken)
    {
        try
        {
            return trainer.Train(table, plan, progress, [epochs], cancellationToken);
        }
        catch (Exception e) when (e is TrainingException or PipelineException)
        {
            throw new CliException(e.Message);
        }
        catch (OperationCanceledException)
        {
            throw new CliException("Training was interrupted; no model was saved.", ExitCodes.Interrupted);
        }
    }

    /// <summary>Prints each stage as it starts, with the time since the first (synchronously: Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class ConsoleProgress(IAnsiConsole console) : IProgress<string>
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();

        public void Report(string value) =>
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]{clock.Elapsed.TotalSeconds,6:0.0}s · {Markup.Escape(value)}[/]"));
    }
}
