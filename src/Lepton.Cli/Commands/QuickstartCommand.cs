using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data;
using Lepton.Data.Datasets;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Metrics;
using Lepton.Nn.Training;
using Lepton.Nn.Zoo;
using Lepton.Tracking;
using Lepton.Tracking.Datasets;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands;

/// <summary>
/// <c>lepton quickstart</c>: Lepton's main job for now. Trains a CNN on Fashion-MNIST with a live progress
/// bar, prints the summary, test accuracy and confusion matrix, saves the model file and sample images, records
/// the run (parameters, per-epoch metrics, datasets, checkpoints) and registers the model as <c>fashion-mnist</c>.
/// </summary>
internal static class QuickstartCommand
{
    public const string Dataset = "fashion-mnist";

    /// <summary>The experiment quickstart runs are recorded in, and the registered model's name.</summary>
    public const string TrackingName = "fashion-mnist";

    public static Command Create(IAnsiConsole console)
    {
        var common = new CommonOptions();
        var recipe = new Option<string>("--recipe") { Description = "small (two convolutions; 0.917 test accuracy in 5 epochs) or batchnorm (BN, dropout, augmentation; 0.936 in 15).", DefaultValueFactory = _ => "small" };
        recipe.AcceptOnlyFromAmong([.. ImageRecipe.All.Select(r => r.Name)]);
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the training data (default: the recipe's, 5 for small)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Examples per training step.", DefaultValueFactory = _ => 64 };
        var output = new Option<string>("--output", "-o") { Description = "Where to save the model file.", DefaultValueFactory = _ => Path.Combine("models", "fashion-mnist.lepton") };
        var data = new Option<string?>("--data") { Description = "A folder with the four Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist)." };
        var limit = new Option<int?>("--limit") { Description = "Train on only the first N training images (a quick try)." };
        var noTracking = new Option<bool>("--no-tracking") { Description = "Do not record the run or register the model (see LEPTON_HOME / LEPTON_TRACKING_URI)." };
        var command = new Command("quickstart", "Train a CNN on Fashion-MNIST, print its summary, test accuracy and confusion matrix, save it, record the run and register the model.")
        {
            recipe, epochs, batchSize, output, data, limit, noTracking,
        };
        common.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            common.Apply(result);
            var settings = new Settings(
                ImageRecipe.Get(result.GetValue(recipe)!),
                result.GetValue(epochs),
                result.GetValue(batchSize),
                result.GetValue(output)!,
                result.GetValue(data),
                result.GetValue(limit),
                !result.GetValue(noTracking),
                string.Join(' ', ["lepton", .. result.Tokens.Select(t => t.Value)]));
            return RunAsync(settings, console, cancellationToken);
        });
        return command;
    }

    private sealed record Settings(ImageRecipe Recipe, int? Epochs, int BatchSize, string Output, string? Data, int? Limit, bool Track, string CommandLine);

    private static async Task<int> RunAsync(Settings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var epochs = settings.Epochs ?? settings.Recipe.DefaultEpochs;
        if (epochs < 1) throw new CliException($"--epochs must be at least 1, not {epochs}.");
        if (settings.BatchSize < 1) throw new CliException($"--batch-size must be at least 1, not {settings.BatchSize}.");
        if (settings.Limit is < 100) throw new CliException($"--limit must be at least 100 images, not {settings.Limit}.");

        var folder = FashionMnistSetup.EnsureInstalled(settings.Data, console);
        // Opened before training so a store that cannot be used fails in a second, not after the training.
        await using var tracking = settings.Track ? await TrackingClient.OpenAsync(CancellationToken.None) : null;
        var clock = Stopwatch.StartNew();
        var (train, test) = FashionMnist.Load(folder);
        using var trainSet = train;
        using var testSet = test;
        Dataset all = settings.Limit is { } n ? trainSet.Take(n) : trainSet;
        var (fit, validation) = all.Split(1.0 / 12, LeptonRuntime.CreateRandom());
        console.MarkupLineInterpolated(
            $"Fashion-MNIST from {folder}: {fit.Count:N0} training, {validation.Count:N0} validation and {testSet.Count:N0} test images of {FashionMnist.ImageFormat.Shape} ({clock.Elapsed.TotalSeconds:0.0}s)");
        console.MarkupLineInterpolated($"Recipe [bold]{settings.Recipe.Name}[/]: {settings.Recipe.Description}; {epochs} epochs, batch {settings.BatchSize}, {LeptonRuntime.Threads} threads on {LeptonRuntime.Device}");

        var stepsPerEpoch = (fit.Count + settings.BatchSize - 1) / settings.BatchSize;
        var model = settings.Recipe.CreateModel(FashionMnist.ImageFormat.Shape, FashionMnist.ClassNames.Count, (long)stepsPerEpoch * epochs);
        console.WriteLine(model.Summary());

        var run = tracking is null ? null : await tracking.StartRunAsync(TrackingName, settings.Recipe.Name, settings.CommandLine, cancellationToken: CancellationToken.None);
        try
        {
            return await TrainAsync(settings, console, model, fit, validation, testSet, epochs, folder, run, cancellationToken);
        }
        catch when (run is not null)
        {
            await run.EndAsync(RunStatus.Failed, CancellationToken.None);
            throw;
        }
    }

    private static async Task<int> TrainAsync(
        Settings settings, IAnsiConsole console, Nn.Models.Model model, Dataset fit, Dataset validation, TensorDataset testSet, int epochs, string folder, ActiveRun? run, CancellationToken cancellationToken)
    {
        if (run is not null)
        {
            run.LogParams([new("recipe", settings.Recipe.Name), new("limit", settings.Limit), new("seed", LeptonRuntime.CurrentSeed), new("threads", LeptonRuntime.Threads)]);
            var schema = $"{{\"inputs\":[\"{FashionMnist.ImageFormat.Shape}\"],\"classes\":{FashionMnist.ClassNames.Count}}}";
            var files = FashionMnist.Files(folder);
            await run.LogDatasetAsync(DatasetFingerprint.FromFiles("fashion-mnist/train", fit.Count + validation.Count, schema, files[0], files[1]), "train",
                DatasetProfile.FromClassIndices(FashionMnist.ClassNames, [fit, validation]), CancellationToken.None);
            await run.LogDatasetAsync(DatasetFingerprint.FromFiles("fashion-mnist/test", testSet.Count, schema, files[2], files[3]), "test",
                DatasetProfile.FromClassIndices(FashionMnist.ClassNames, [testSet]), CancellationToken.None);
        }

        var clock = Stopwatch.StartNew();
        var checkpoint = new ModelCheckpoint(settings.Output, monitor: "val_accuracy");
        using var best = new EarlyStopping("val_accuracy", patience: epochs, restoreBestWeights: true);
        model.Metadata.ClassNames = FashionMnist.ClassNames.ToArray();
        model.Metadata.Preprocessing = new JsonObject { ["dataset"] = Dataset };
        FashionMnist.ImageFormat.WriteTo(model.Metadata.Preprocessing);
        model.Metadata.Description = $"Fashion-MNIST classifier, recipe '{settings.Recipe.Name}', trained by lepton quickstart.";

        var progress = new ProgressLogger(console.Profile.Out.Writer, live: console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected);
        List<Callback> callbacks = [checkpoint, best, progress];
        if (run is not null) callbacks.Add(run.Autolog(monitor: "val_accuracy")); // after EarlyStopping, so the logged model has the best weights
        var history = model.Fit(settings.Recipe.Augment(fit), epochs, settings.BatchSize, validationData: validation,
            callbacks: callbacks, verbose: Verbosity.Silent, cancellationToken: cancellationToken);
        var trainTime = clock.Elapsed;
        if (history.Cancelled) console.MarkupLine("[yellow]Training was interrupted; evaluating the best weights so far.[/]");

        var confusion = new ConfusionMatrix();
        var results = model.Evaluate(testSet, 512, confusion);
        ConfusionMatrixTable.Write(console, confusion, FashionMnist.ClassNames);
        var accuracy = results["accuracy"];
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Test accuracy: [bold green]{accuracy:0.0000}[/]  loss: {results["loss"]:0.0000}  (best epoch {(best.BestEpoch ?? 0) + 1}, training took {trainTime.TotalSeconds:0}s)"));

        model.Metadata.Metrics["test_accuracy"] = accuracy;
        model.Metadata.Metrics["test_loss"] = results["loss"];
        model.Metadata.Metrics["train_seconds"] = Math.Round(trainTime.TotalSeconds, 1);
        model.Save(settings.Output);
        var samples = WriteSamples(testSet, Path.Combine(Path.GetDirectoryName(settings.Output) ?? "", "samples"));
        console.MarkupLineInterpolated($"Saved [bold]{settings.Output}[/] ({new FileInfo(settings.Output).Length / 1024.0:0.0} KB).");
        var lepton = Environment.GetEnvironmentVariable("LEPTON_COMMAND") ?? "lepton";
        // Written around Spectre so a long path is not wrapped: the line is meant to be copied.
        console.Profile.Out.Writer.WriteLine($"Try it: {lepton} predict {settings.Output} --image {samples[^1]}");
        if (run is not null) await RecordAsync(run, console, settings.Output, results, history.Cancelled, lepton);
        return history.Cancelled ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    /// <summary>Logs the test results and the saved file, ends the run and registers the model.</summary>
    private static async Task RecordAsync(ActiveRun run, IAnsiConsole console, string modelPath, IReadOnlyDictionary<string, double> results, bool cancelled, string lepton)
    {
        run.LogMetric("test_loss", results["loss"]);
        run.LogMetric("test_accuracy", results["accuracy"]);
        // The saved file carries the test metrics in its metadata; it replaces the one autolog stored at the end of Fit.
        await run.LogArtifactAsync(modelPath, "model.lepton", CancellationToken.None);
        await run.EndAsync(cancelled ? RunStatus.Killed : RunStatus.Finished, CancellationToken.None);
        var version = await run.Client.Registry.RegisterRunModelAsync(TrackingName, run.RunId,
            description: string.Create(CultureInfo.InvariantCulture, $"test accuracy {results["accuracy"]:0.0000}"), cancellationToken: CancellationToken.None);
        console.MarkupLineInterpolated($"Recorded run [bold]{run.RunId}[/] in experiment '{TrackingName}' ({run.Client.Store.Description}); registered [bold]{TrackingName}/{version.Version}[/].");
        console.Profile.Out.Writer.WriteLine($"See it: {lepton} runs show {run.RunId}");
    }

    /// <summary>Writes one test image per class as PNG so predict has something to try.</summary>
    private static List<string> WriteSamples(TensorDataset test, string folder)
    {
        var written = new List<string>();
        var labels = test.Target!.data<long>().ToArray();
        for (var cls = 0; cls < FashionMnist.ClassNames.Count; cls++)
        {
            var index = Array.IndexOf(labels, (long)cls);
            if (index < 0) continue;
            using var scope = NewDisposeScope();
            var name = FashionMnist.ClassNames[cls].ToLowerInvariant().Replace('/', '-').Replace(' ', '-');
            var path = Path.Combine(folder, $"{cls}-{name}.png");
            FashionMnist.ImageFormat.SavePng(test.Input()[index], path);
            written.Add(path);
        }
        return written;
    }
}
