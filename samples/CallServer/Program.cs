// Call a running Lepton server: read a model's metadata, classify an image file, run a tensor through the model.
// Start a server first (e.g. `./lepton serve fashion.lepton` from samples/TrainAndSave), then
// Run: dotnet run --project samples/CallServer -c Release -- [server-url] [model] [image.png] [api-key]
// This project references only Lepton.Serving.Client: no engine, no ASP.NET Core.
using Lepton.Serving.Client;

var server = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:8080");
var name = args.Length > 1 ? args[1] : "fashion";
using var client = new LeptonClient(server, apiKey: args.Length > 3 ? args[3] : null);
if (!await client.IsReadyAsync()) throw new InvalidOperationException($"The server at {server} is not ready: start one with `lepton serve`.");

// What the model takes and gives: its versions, inputs (-1 marks the batch dimension) and class names.
var metadata = await client.GetModelAsync(name);
var input = metadata.Inputs[0];
Console.WriteLine($"{metadata.Name}: versions {string.Join(", ", metadata.Versions)} on {metadata.Platform}; " +
    $"input '{input.Name}' {input.Datatype} [{string.Join(", ", input.Shape)}]; classes {string.Join(", ", metadata.ClassNames)}");

// An image file, preprocessed by the server the way the model was trained.
if (args.Length > 2)
{
    var predicted = await client.PredictImageAsync(name, args[2], top: 3);
    var best = predicted.Predictions[0];
    Console.WriteLine($"{args[2]}: {best.Label} ({best.Probability:P1}) by version {predicted.ModelVersion}; then " +
        string.Join(", ", best.Top.Skip(1).Select(c => $"{c.Label} {c.Probability:P1}")));
}

// A raw tensor through the Open Inference Protocol: a batch of two examples of the input's shape, row-major.
long[] shape = [2, .. input.Shape.Skip(1)];
var values = new float[shape.Aggregate(1L, (size, dimension) => size * dimension)];
for (var i = 0; i < values.Length; i++) values[i] = i % 7 / 7f;
var inferred = await client.InferAsync(name, input.Name, values, shape);
foreach (var output in inferred.Outputs)
    Console.WriteLine($"infer: output '{output.Name}' [{string.Join(", ", output.Shape)}] from version {inferred.ModelVersion}: " +
        $"{string.Join(" ", (output.Data ?? []).Take(5).Select(v => v.ToString("0.000")))} ...");
