// Train a CNN on Fashion-MNIST, evaluate, save, record the run, register the model and load it back.
// Run: dotnet run --project samples/TrainAndSave -c Release [-- --epochs 1 --limit 2000]
using Lepton;
using Lepton.Data.Datasets;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Tracking;

var epochs = Option("--epochs", 5);
var limit = Option("--limit", 60_000);                                // fewer training images for a quick try

var (train, test) = FashionMnist.Load();                              // Debian's dataset-fashion-mnist
var model = new Sequential(new Shape(1, 28, 28),
    new Conv2D(32, 3, activation: "relu"), new MaxPool2D(2),
    new Conv2D(64, 3, activation: "relu"), new MaxPool2D(2),
    new Flatten(), new Dense(128, "relu"), new Dense(10));
model.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
FashionMnist.ImageFormat.WriteTo(model.Metadata.Preprocessing);      // lets `lepton serve` classify image uploads
Console.WriteLine(model.Summary());

// One Fit, recorded by autolog: parameters, per-epoch metrics, the best checkpoint and the model.
await using var tracking = await TrackingClient.OpenAsync();          // ~/.lepton/lepton.db, or LEPTON_TRACKING_URI
await using var run = await tracking.StartRunAsync("fashion");
model.Fit(train.Take(limit), epochs, batchSize: 64, validationSplit: 0.1, callbacks: [run.Autolog()]);

var accuracy = model.Evaluate(test)["accuracy"];
run.LogMetric("test_accuracy", accuracy);
model.Metadata.Metrics["test_accuracy"] = accuracy;
model.Save("fashion.lepton");
await run.EndAsync();

// Register the saved file, point the production alias at it and load it back from the registry.
var version = await tracking.Registry.RegisterModelFileAsync("fashion", "fashion.lepton", run.RunId);
await tracking.Registry.SetAliasAsync("fashion", "production", version.Version);
using var production = await tracking.Registry.LoadAsync("fashion@production");
Console.WriteLine($"fashion/{version.Version} (fashion@production): test accuracy {accuracy:0.0000}, " +
    $"{production.Evaluate(test, extraMetrics: new Accuracy())["accuracy"]:0.0000} after loading it back");

int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
