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
        var data = new Argument<string>("data") { Description = "The table to learn from (CSV, TSV, JSON, JSON Lines or Parquet), an image folder (root/<class>/*.png, or root/train|validation|test/<class>/…), a catalog dataset (iris, wine, breast_cancer, digits, diabetes, fashion-mnist; a file or folder of that name wins), or a training spec (.yaml)." };
        var target = new Option<string?>("--target", "-t") { Description = "The column to predict (tables; default for a catalog dataset: its target; a spec names its output_features, an image folder's classes are its folders)." };
        var task = new Option<string>("--task") { Description = "auto (decide from the target), classification or regression.", DefaultValueFactory = _ => "auto" };
        task.AcceptOnlyFromAmong("auto", "classification", "regression");
        var timeLimit = new Option<string>("--time-limit") { Description = "How long trying candidates may take: 90s, 10m, 1h. Given, the time the default candidates leave goes to a search of their settings (see --trials).", DefaultValueFactory = _ => "10m" };
        var output = new Option<string?>("--output", "-o") { Description = "Where to save the model file (default: models/NAME.lepton)." };
        var name = new Option<string?>("--name") { Description = "The registered model's name and the experiment's (default: the data file's name without extension)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the splits and of every candidate.", DefaultValueFactory = _ => 0 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows held out to test the kept model.", DefaultValueFactory = _ => 0.2 };
        var candidates = new Option<string>("--candidates") { Description = $"Model families to try, comma-separated: {string.Join(", ", TableTrainingOptions.KnownCandidates)} (text ones only for a table with a text column).", DefaultValueFactory = _ => string.Join(",", TableTrainingOptions.DefaultCandidates) };
        var noTracking = new Option<bool>("--no-tracking") { Description = "Do not record the run or register the model." };
        var specData = new Option<string?>("--data") { Description = "With a spec: the table to train on, instead of the spec's data: key." };
        var renderConfig = new Option<bool>("--render-config") { Description = "With a spec: print it with every default filled in (valid YAML that trains the same), and stop." };
        var saveSpec = new Option<string?>("--save-spec") { Description = "Also write the spec of what was trained (features, preprocessing, kept model and its settings) to this YAML file." };
        var reading = new DataReadOptions();
        var search = new SearchTrialsOption();
        var images = new ImageTrainFlags();
        var command = new Command("train", "Train a model on a table: profile it, choose the preprocessing and the model, test it, save a file that serves raw records, record and register it.")
        {
            data, target, task, timeLimit, search.Option, output, name, seed, testFraction, candidates, noTracking, specData, renderConfig, saveSpec,
        };
        reading.AddTo(command);
        images.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var (spec, table) = SpecInput.Resolve(result.GetValue(data)!, result.GetValue(specData));
            if (spec is null && result.GetValue(renderConfig)) throw new CliException("--render-config prints a spec: give a spec file (spec.yaml), not a table.");
            var settings = new TrainSettings(
                table,
                spec?.Outputs.FirstOrDefault() ?? result.GetValue(target),
                TrainingInput.TaskOf(result.GetValue(task)),
                TimeLimit.Parse(result.GetValue(timeLimit)!),
                result.GetValue(output),
                result.GetValue(name),
                result.GetValue(seed),
                result.GetValue(testFraction),
                result.GetValue(candidates)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                !result.GetValue(noTracking) && !result.GetValue(renderConfig),
                reading.Read(result),
                string.Join(' ', ["lepton", .. result.Tokens.Select(t => t.Value)]))
            {
                Input = DataInput.Resolve(table),
                Spec = spec,
                SearchTrials = search.Read(result, timeLimit),
                RenderConfig = result.GetValue(renderConfig),
                SaveSpec = result.GetValue(saveSpec),
            };
            if (spec is null && settings.Input.IsImages) return ImageTrainCommand.RunAsync(settings, images.Read(result, settings), console, cancellationToken);
            return RunAsync(settings, console, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(TrainSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var target = settings.Target ?? settings.Input.DefaultTarget ?? throw new CliException($"Name the column of {settings.Data} to predict: --target COL.");
        LeptonRuntime.Initialize(new RuntimeOptions { Seed = settings.Seed, Device = ComputeDevice.Auto });
        var trainer = Trainer(settings);
        await using var tracking = settings.Track ? await TrackingClient.OpenAsync(CancellationToken.None) : null;
        var clock = Stopwatch.StartNew();
        using var table = await settings.Input.ReadTableAsync(settings.Reading, cancellationToken);
        var plan = settings.Spec is null ? Plan(trainer, table, target, cancellationToken) : SpecInput.Plan(trainer, table, settings.Spec, cancellationToken);
        if (settings.RenderConfig) return SpecOutput.Render(console, plan);
        console.MarkupLineInterpolated($"{settings.Input.Description}: {table.RowCount:N0} rows, {table.Columns.Count} columns ({clock.Elapsed.TotalSeconds:0.0}s){(settings.Target is null ? $"; target '{target}', the dataset's" : "")}");
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
            if (settings.SaveSpec is not null) SpecOutput.Save(console, trained, settings.Data, settings.SaveSpec);
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
                SearchTrials = settings.SearchTrials,
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
    internal sealed class ConsoleProgress(IAnsiConsole console) : IProgress<string>
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();

        public void Report(string value) =>
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]{clock.Elapsed.TotalSeconds,6:0.0}s · {Markup.Escape(value)}[/]"));
    }
}
