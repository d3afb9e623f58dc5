using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data.Datasets;
using Lepton.Nn.Training;
using Lepton.Nn.Zoo;

namespace Lepton.Bench;

/// <summary>
/// <c>accuracy</c>: trains an <see cref="ImageRecipe"/> on all 60,000 Fashion-MNIST training images (no
/// validation split) and reports the test accuracy after every epoch and at the end, with the wall time.
/// </summary>
internal static class AccuracyCommand
{
    public static Command Create(string[] args)
    {
        var recipe = new Option<string>("--recipe") { Description = "The recipe to train: small or batchnorm.", Required = true };
        recipe.AcceptOnlyFromAmong([.. ImageRecipe.All.Select(r => r.Name)]);
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the training set (default: the recipe's own)." };
        var batch = new Option<int>("--batch") { Description = "Examples per step.", DefaultValueFactory = _ => 64 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads.", DefaultValueFactory = _ => 2 };
        var seed = new Option<long>("--seed") { Description = "Seed for weights, shuffling and augmentation.", DefaultValueFactory = _ => 1 };
        var json = new Option<string?>("--json") { Description = "Write the results to this JSON file." };
        var command = new Command("accuracy", "Test accuracy of a recipe trained on the full Fashion-MNIST training set.")
        {
            recipe, epochs, batch, threads, seed, json,
        };
        command.SetAction(result => Run(
            ImageRecipe.Get(result.GetValue(recipe)!), result.GetValue(epochs), result.GetValue(batch), result.GetValue(threads), result.GetValue(seed), result.GetValue(json), args));
        return command;
    }

    private static int Run(ImageRecipe recipe, int? requestedEpochs, int batch, int threads, long seed, string? json, string[] args)
    {
        var epochs = requestedEpochs ?? recipe.DefaultEpochs;
        if (epochs < 1 || batch < 1 || threads < 1)
            throw new ArgumentException("--epochs, --batch and --threads must all be at least 1.");
        LeptonRuntime.Initialize(new RuntimeOptions { Device = ComputeDevice.Cpu, Threads = threads, Seed = seed });

        var wall = Stopwatch.StartNew();
        var (train, test) = FashionMnist.Load();
        using var trainSet = train;
        using var testSet = test;
        var loadSeconds = wall.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accuracy: recipe {recipe.Name} ({recipe.Description}); {epochs} epoch(s) over {train.Count:N0} images, batch {batch}, {LeptonRuntime.Threads} threads; test set {test.Count:N0} images"));

        var stepsPerEpoch = (train.Count + batch - 1) / batch;
        using var model = recipe.CreateModel(FashionMnist.ImageFormat.Shape, FashionMnist.ClassNames.Count, (long)stepsPerEpoch * epochs);
        var recorder = new EpochRecorder();
        var fitClock = Stopwatch.StartNew();
        // The test set is only reported after each epoch (as val_*): no callback selects weights or stops by it.
        model.Fit(recipe.Augment(train), epochs, batch, validationData: test, callbacks: [recorder], verbose: Verbosity.Silent);
        var fitSeconds = fitClock.Elapsed.TotalSeconds;
        wall.Stop();

        var last = recorder.Epochs[^1]!.AsObject();
        var final = last["test_accuracy"]!.GetValue<double>();
        var trainSeconds = recorder.Epochs.Sum(e => e!["train_seconds"]!.GetValue<double>());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"final test accuracy {final:0.0000} after {epochs} epoch(s); training {trainSeconds:0}s, Fit with per-epoch test evaluation {fitSeconds:0}s, wall {wall.Elapsed.TotalSeconds:0}s"));

        if (json is not null)
        {
            ResultFile.WriteJson(json, new JsonObject
            {
                ["benchmark"] = "accuracy",
                ["recorded_at"] = ResultFile.RecordedAt(),
                ["command"] = ResultFile.Command(args),
                ["recipe"] = recipe.Name,
                ["recipe_description"] = recipe.Description,
                ["recipe_default_epochs"] = recipe.DefaultEpochs,
                ["settings"] = new JsonObject
                {
                    ["epochs"] = epochs,
                    ["batch"] = batch,
                    ["threads"] = LeptonRuntime.Threads,
                    ["seed"] = seed,
                    ["train_examples"] = train.Count,
                    ["test_examples"] = test.Count,
                },
                ["machine"] = MachineInfo.Collect(),
                ["epochs"] = recorder.Epochs.DeepClone(),
                ["final_test_accuracy"] = final,
                ["final_test_loss"] = last["test_loss"]?.DeepClone(),
                ["load_seconds"] = Math.Round(loadSeconds, 2),
                ["train_seconds"] = Math.Round(trainSeconds, 1),
                ["fit_seconds"] = Math.Round(fitSeconds, 1),
                ["wall_seconds"] = Math.Round(wall.Elapsed.TotalSeconds, 1),
            });
            Console.WriteLine($"wrote {json}");
        }
        return 0;
    }
}
