using System.Diagnostics;
using System.Globalization;
using Lepton.Data.Images;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Training;
using Lepton.Tracking;
using Lepton.Training.Automatic;
using Lepton.Training.Images;
using Spectre.Console;

namespace Lepton.Cli.Commands.Training;

/// <summary>
/// <c>lepton train FOLDER</c>: lists an image folder (one subfolder per class, or train/validation/test folders of
/// them) or loads an image dataset of the catalog (<c>lepton train fashion-mnist</c>), prints the plan, decodes the
/// images, trains a CNN within the time limit, tests it, saves a model file that reads image files, records the run
/// and registers the model.
/// </summary>
internal static class ImageTrainCommand
{
    public static async Task<int> RunAsync(TrainSettings settings, ImageTrainingOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        LeptonRuntime.Initialize(new RuntimeOptions { Seed = settings.Seed, Device = ComputeDevice.Auto });
        var trainer = Guard(() => new ImageTrainer(options));
        await using var tracking = settings.Track ? await TrackingClient.OpenAsync(CancellationToken.None) : null;
        var clock = Stopwatch.StartNew();
        using var source = Guard(() => settings.Input.OpenImages(cancellationToken));
        var folder = source.Folder;
        console.MarkupLineInterpolated(
            $"{settings.Input.Description}: {source.Count:N0} images in {source.ClassNames.Count} classes{(folder?.HasSplitFolders == true ? " under split folders" : "")} ({(folder is null ? "loaded" : "listed")} in {clock.Elapsed.TotalSeconds:0.0}s)");
        var plan = Guard(() => trainer.Plan(source));
        ImagePlanView.Write(console, plan);

        var run = tracking is null ? null : await tracking.StartRunAsync(settings.Name, "train", settings.CommandLine, cancellationToken: CancellationToken.None);
        try
        {
            List<Callback> callbacks = [new ProgressLogger(console.Profile.Out.Writer, live: console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)];
            if (run is not null) callbacks.Add(run.Autolog(monitor: "val_loss", logModel: false));
            using var trained = Guard(() => trainer.Train(plan, new TrainCommand.ConsoleProgress(console), new ReadingProgress(console, source.Count), callbacks, cancellationToken));
            ImagePlanView.WriteResults(console, trained);
            var path = settings.Output ?? Path.Combine("models", settings.Name + ".lepton");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            // As lepton quickstart's: `lepton evaluate MODEL` then knows the test set to score it on.
            if (settings.Input.Catalog is { } dataset) trained.Model.Metadata.Preprocessing["dataset"] = dataset.Name;
            trained.Save(path);
            console.MarkupLineInterpolated($"Saved [bold]{path}[/] ({new FileInfo(path).Length / 1024.0:0.0} KB): it carries the image format and the class names, so it reads image files.");
            if (run is not null) await TrainRecord.WriteAsync(run, console, settings, trained, path);
            var lepton = Environment.GetEnvironmentVariable("LEPTON_COMMAND") ?? "lepton";
            // Written around Spectre so a long path is not wrapped: the lines are meant to be copied.
            console.Profile.Out.Writer.WriteLine($"Next: {lepton} evaluate {path} {settings.Data}");
            if (folder is not null) console.Profile.Out.Writer.WriteLine($"      {lepton} predict {path} --image {folder.Images[^1].Path}");
            console.Profile.Out.Writer.WriteLine($"      {lepton} serve {path}");
            return ExitCodes.Success;
        }
        catch (Exception e) when (run is not null)
        {
            await run.EndAsync(e is OperationCanceledException or CliException { ExitCode: ExitCodes.Interrupted } ? RunStatus.Killed : RunStatus.Failed, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Runs a step of the engine, turning its explained errors into one-line CLI errors.</summary>
    private static T Guard<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is TrainingException or ImageFolderException)
        {
            throw new CliException(e.Message);
        }
        catch (OperationCanceledException)
        {
            throw new CliException("Training was interrupted; no model was saved.", ExitCodes.Interrupted);
        }
    }

    /// <summary>Prints how many images are decoded at every tenth of the folder (called from worker threads).</summary>
    private sealed class ReadingProgress(IAnsiConsole console, int total) : IProgress<int>
    {
        private readonly Lock gate = new();
        private int printed;

        public void Report(int value)
        {
            var tenth = Math.Max(1, total / 10);
            lock (gate)
            {
                if (value < printed + tenth && value < total) return;
                if (value <= printed) return;
                printed = value;
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]         · read {value:N0} of {total:N0} images[/]"));
            }
        }
    }
}
