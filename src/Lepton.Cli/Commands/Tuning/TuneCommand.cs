using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Cli.Commands.Cluster;
using Lepton.Cli.Commands.Training;
using Lepton.Data.Pipelines;
using Lepton.Tracking;
using Lepton.Training.Automatic;
using Lepton.Tuning;
using Lepton.Training.Tuning;
using Lepton.Tuning.Studies;
using Spectre.Console;

namespace Lepton.Cli.Commands.Tuning;

/// <summary>
/// <c>lepton tune spec.yaml [--data DATA] --study NAME</c>: searches the spec's <c>hyperopt</c> parameters, each trial
/// the spec trained with the trial's values and scored on rows it did not train on; the study lives in the tracking
/// database, so the same command resumes it, and <c>--workers N</c> (or the command started on other machines against a
/// PostgreSQL store) runs trials in parallel processes. The best trial's spec is then trained on every training row,
/// tested on the held-out test rows, saved, recorded and registered.
/// </summary>
internal static class TuneCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var spec = new Argument<string>("spec") { Description = "A training spec (.yaml) with a hyperopt section." };
        var data = new Option<string?>("--data") { Description = "The table to tune on instead of the spec's data: key." };
        var study = new Option<string?>("--study") { Description = "The study's name: a new one starts it, an existing one resumes it (default: the spec file's name)." };
        var trials = new Option<int?>("--trials") { Description = "Trials the study should have in all (default: the spec's executor.num_trials, else 10; a grid's size for grid search)." };
        var workers = new Option<int>("--workers") { Description = "Worker processes running trials at once (each a lepton process on the same study).", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the sampler (unless the spec's search_alg gives one) and of training.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--output", "-o") { Description = "Where to save the best trial's model (default: models/STUDY.lepton)." };
        var noTracking = new Option<bool>("--no-tracking") { Description = "Keep the study in memory only (no resume, no parallel workers); record and register nothing." };
        var worker = new Option<bool>("--worker") { Description = "Run trials only (started by --workers): no final model.", Hidden = true };
        var parentRun = new Option<string?>("--parent-run") { Description = "The study's run that a worker's trial runs belong to (given by --workers).", Hidden = true };
        var cluster = new Option<string?>("--cluster") { Description = "Run the trials on a Lepton cluster: the gateway of one of its silos, HOST:PORT (lepton cluster start prints it). The silos and this command share the tracking database." };
        var reading = new DataReadOptions();
        var command = new Command("tune", "Search a spec's hyperparameters (its hyperopt section): trials in the tracking database, pruned early, in parallel workers; then train, save and register the best.")
        {
            spec, data, study, trials, workers, seed, output, noTracking, worker, parentRun, cluster,
        };
        reading.AddTo(command);
        command.Subcommands.Add(TuneShowCommand.Create(console));
        command.SetAction((result, cancellationToken) =>
        {
            var (parsed, table) = SpecInput.Resolve(result.GetValue(spec)!, result.GetValue(data));
            var settings = new TuneSettings(
                result.GetValue(spec)!,
                parsed!,
                table,
                result.GetValue(study) ?? Path.GetFileNameWithoutExtension(result.GetValue(spec)!),
                result.GetValue(trials),
                result.GetValue(workers),
                result.GetValue(seed),
                result.GetValue(output),
                !result.GetValue(noTracking),
                result.GetValue(worker),
                reading.Read(result),
                [.. result.Tokens.Select(t => t.Value)])
            { Input = DataInput.Resolve(table), ParentRun = result.GetValue(parentRun), Cluster = result.GetValue(cluster) };
            return RunAsync(settings, console, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(TuneSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (settings.Spec.Hyperopt is null) throw new CliException($"{settings.SpecPath} has no hyperopt section: add one naming the parameters to search (see docs/tuning.md).");
        if (settings.Workers < 1) throw new CliException($"--workers {settings.Workers}: at least 1.");
        if (settings.Trials is < 1) throw new CliException($"--trials {settings.Trials}: at least 1.");
        if (!settings.Track && settings.Workers > 1) throw new CliException("--workers needs the study in the tracking database; drop --no-tracking.");
        if (settings.Cluster is not null) ClusterTune.Check(settings);
        LeptonRuntime.Initialize(new RuntimeOptions { Seed = settings.Seed, Device = ComputeDevice.Auto });
        var clock = Stopwatch.StartNew();
        using var table = await settings.Input.ReadTableAsync(settings.Reading, cancellationToken);
        var tuner = Guard(() => new SpecTuner(settings.Spec, table, cancellationToken));
        if (!settings.IsWorker)
        {
            console.MarkupLineInterpolated($"{settings.Input.Description}: {table.RowCount:N0} rows, {table.Columns.Count} columns ({clock.Elapsed.TotalSeconds:0.0}s)");
            TuneView.WritePlan(console, settings, tuner);
        }

        await using var tracking = settings.Track ? await TrackingClient.OpenAsync(CancellationToken.None) : null;
        var store = tracking is null ? new InMemoryStudyStore() : TuneStore.Open(tracking);
        var options = tuner.Options(settings.Study, store, settings.Seed);
        if (settings.Trials is { } total) options = options with { Trials = total };
        if (tracking is not null && !settings.IsWorker && await TuneResume.ShowIfCompleteAsync(console, tracking, store, settings, tuner, options, cancellationToken)) return ExitCodes.Success;
        var parent = tracking is null || settings.IsWorker ? null : await TuneRecord.StartStudyRunAsync(tracking, settings, tuner);
        using var children = settings.IsWorker ? null : TuneWorkers.Start(settings, parent?.RunId, console);
        try
        {
            var reporter = new TrialReporter(console, tuner, settings.IsWorker);
            if (settings.Cluster is null) await RunTrialsAsync(tuner, options, reporter, tracking, settings, parent, cancellationToken);
            else await ClusterTune.RunTrialsAsync(settings, store, reporter, record => TuneRecord.WriteTrialAsync(tracking!, settings, tuner, parent?.RunId, record), console, cancellationToken);
            if (children is not null) await children.WaitAsync(cancellationToken);
            if (settings.IsWorker) return ExitCodes.Success;
            var result = await Tuner.LoadAsync(store, settings.Study, CancellationToken.None);
            TuneView.WriteResult(console, tuner, result);
            if (result.Best is null) throw new CliException($"No trial of study '{settings.Study}' completed; see the errors above (lepton tune show {settings.Study}).");
            return await FinishAsync(settings, console, tuner, result, tracking, parent, cancellationToken);
        }
        catch (Exception e) when (parent is not null)
        {
            await parent.EndAsync(e is OperationCanceledException or CliException { ExitCode: ExitCodes.Interrupted } ? RunStatus.Killed : RunStatus.Failed, CancellationToken.None);
            throw;
        }
    }

    private static async Task<TuningResult> RunTrialsAsync(SpecTuner tuner, TunerOptions options, TrialReporter reporter, TrackingClient? tracking, TuneSettings settings,
        ActiveRun? parent, CancellationToken cancellationToken)
    {
        try
        {
            var progress = new SynchronousProgress<TrialRecord>(record =>
            {
                reporter.Report(record);
                if (tracking is not null) TuneRecord.WriteTrialAsync(tracking, settings, tuner, parent?.RunId ?? settings.ParentRun, record).GetAwaiter().GetResult();
            });
            return await new Tuner(options).OptimizeAsync(tuner.Space, trial => tuner.Score(trial, cancellationToken), progress, cancellationToken);
        }
        catch (Exception e) when (e is TrainingException or StudyMismatchException)
        {
            throw new CliException(e.Message);
        }
        catch (OperationCanceledException)
        {
            throw new CliException($"Tuning was interrupted; the study '{settings.Study}' keeps its finished trials (run the same command to resume).", ExitCodes.Interrupted);
        }
    }

    private static async Task<int> FinishAsync(TuneSettings settings, IAnsiConsole console, SpecTuner tuner, TuningResult result, TrackingClient? tracking, ActiveRun? parent,
        CancellationToken cancellationToken)
    {
        var best = result.Best!;
        console.MarkupLineInterpolated($"Training the best trial ({best.Number}) on every training row; testing on the held-out test rows");
        using var trained = Guard(() => tuner.TrainFinal(result.BestParameters, new TrainCommand.ConsoleProgress(console), [new EpochProgress(console)], cancellationToken));
        TrainPlanView.WriteResults(console, trained);
        var path = settings.Output ?? Path.Combine("models", settings.Study + ".lepton");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        trained.Save(path);
        console.MarkupLineInterpolated($"Saved [bold]{path}[/] ({new FileInfo(path).Length / 1024.0:0.0} KB).");
        var bestSpec = Path.ChangeExtension(path, ".spec.yaml");
        tuner.SpecOf(result.BestParameters).Save(bestSpec);
        console.MarkupLineInterpolated($"Wrote the best trial's spec to [bold]{bestSpec}[/].");
        if (parent is not null) await TuneRecord.FinishStudyRunAsync(parent, console, settings, result, trained, path);
        var lepton = Environment.GetEnvironmentVariable("LEPTON_COMMAND") ?? "lepton";
        console.Profile.Out.Writer.WriteLine($"Next: {lepton} tune show {settings.Study}");
        console.Profile.Out.Writer.WriteLine($"      {lepton} serve {path}");
        return ExitCodes.Success;
    }

    private static T Guard<T>(Func<T> action) => TrainingErrors.Guard(action, "Tuning was interrupted.");
}
