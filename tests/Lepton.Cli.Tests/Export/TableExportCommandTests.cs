using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Nn.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace Lepton.Cli.Tests.Export;

/// <summary>
/// <c>lepton train</c> then <c>lepton export</c>: the whole model a user trained (pipeline, network or boosted trees,
/// probabilities, class) in one ONNX file that ONNX Runtime runs on raw records as Lepton predicts them.
/// </summary>
public sealed class TableExportCommandTests
{
    [Theory]
    [InlineData("gbm")]
    [InlineData("mlp")]
    public void A_model_trained_on_a_table_with_categories_and_gaps_runs_from_raw_records(string candidate)
    {
        using var folder = new TempFolder();
        var data = folder.Write("visits.csv", Visits(300, seed: 3));
        var model = folder.PathOf($"visits-{candidate}.lepton");
        var (code, text) = CliRun.Invoke("train", data, "--target", "bought", "--candidates", candidate, "--time-limit", "20s",
            "--trials", "0", "--output", model, "--no-tracking");
        Assert.True(code == 0, text);

        var (exportCode, exported) = CliRun.Invoke("export", model);
        Assert.True(exportCode == 0, exported);
        var line = string.Join(' ', exported.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));   // the console wraps long lines
        Assert.Contains("inputs city (None, 1) text, member (None, 1), minutes (None, 1), plan (None, 1) text", line);
        Assert.Contains("outputs output (None, 2), probabilities (None, 2), label (None, 1) text", line);

        var records = new List<JsonObject>();
        var random = new Random(17);
        for (var i = 0; i < 80; i++)
        {
            records.Add(new JsonObject
            {
                ["city"] = i % 9 == 0 ? null : i % 11 == 0 ? "Tokyo" : new[] { "Lyon", "Nice", "Paris", "Lille" }[random.Next(4)],
                ["member"] = random.NextDouble() < 0.4,
                ["minutes"] = i % 7 == 0 ? null : Math.Round(random.NextDouble() * 60, 1),
                ["plan"] = i % 13 == 0 ? null : random.NextDouble() < 0.3 ? "pro" : "basic",
            });
        }
        var (networkCode, network) = CliRun.Invoke("export", model, "--network-only", "--output", folder.PathOf("network.onnx"));
        Assert.True(networkCode == 0, network);
        var networkLine = string.Join(' ', network.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(", output output (None, 2)", networkLine);
        Assert.DoesNotContain("city", networkLine);
        CompareOnRecords(model, Path.ChangeExtension(model, ".onnx"), records);
    }

    [FactIfSklearnData]
    public void A_model_trained_on_iris_gives_its_probabilities_and_species_from_the_four_measurements()
    {
        using var folder = new TempFolder();
        var model = folder.PathOf("iris.lepton");
        var (code, text) = CliRun.Invoke("train", SklearnData.Iris, "--target", "virginica", "--time-limit", "8s", "--trials", "0", "--output", model, "--no-tracking");
        Assert.True(code == 0, text);
        var (exportCode, exported) = CliRun.Invoke("export", model, "--output", folder.PathOf("iris.onnx"));
        Assert.True(exportCode == 0, exported);

        // scikit-learn's iris.csv names its columns by the counts line: 150, 4, setosa, versicolor (the measurements).
        var records = File.ReadLines(SklearnData.Iris).Skip(1).Select(line => line.Split(','))
            .Select(cells => new JsonObject
            {
                ["150"] = double.Parse(cells[0], CultureInfo.InvariantCulture),
                ["4"] = double.Parse(cells[1], CultureInfo.InvariantCulture),
                ["setosa"] = double.Parse(cells[2], CultureInfo.InvariantCulture),
                ["versicolor"] = double.Parse(cells[3], CultureInfo.InvariantCulture),
            }).ToList();
        CompareOnRecords(model, folder.PathOf("iris.onnx"), records);
    }

    /// <summary>ONNX Runtime on the raw records against Lepton's records route: probabilities within 1e-4, the same class.</summary>
    private static void CompareOnRecords(string modelPath, string onnxPath, IReadOnlyList<JsonObject> records)
    {
        using var model = Model.Load(modelPath);
        using var table = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)!;
        using var scope = NewDisposeScope();
        var features = table.FeaturesOf(records);
        var inputs = table.SplitByInput(tensor(features, [records.Count, table.Features.Count])).ToArray();
        var expected = model.PredictProbabilities(inputs).contiguous().data<float>().ToArray();
        var width = expected.Length / records.Count;

        using var session = new InferenceSession(onnxPath);
        var feeds = session.InputMetadata.Select(input =>
        {
            int[] shape = [records.Count, 1];
            if (input.Value.ElementDataType == TensorElementType.String)
                return NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<string>(records.Select(r => r[input.Key]?.ToString() ?? "").ToArray(), shape));
            var numbers = records.Select(r => r[input.Key] switch
            {
                null => double.NaN,
                JsonValue v when v.TryGetValue<bool>(out var b) => b ? 1.0 : 0.0,
                var v => v.GetValue<double>(),
            }).ToArray();
            return NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<double>(numbers, shape));
        }).ToList();
        using var results = session.Run(feeds);
        var probabilities = results.Single(r => r.Name == "probabilities").AsTensor<float>().ToArray();
        var labels = results.Single(r => r.Name == "label").AsTensor<string>().ToArray();
        Assert.Equal(expected.Length, probabilities.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - probabilities[i]) <= 1e-4, $"probability {i}: Lepton {expected[i]}, ONNX Runtime {probabilities[i]} (record {records[i / width].ToJsonString()})");
        for (var r = 0; r < records.Count; r++)
        {
            var best = Enumerable.Range(0, width).MaxBy(c => (expected[(r * width) + c], -c));
            Assert.Equal(model.Metadata.ClassNames[best], labels[r]);
        }
    }

    /// <summary>Visits to a shop: whether the visitor bought depends on the minutes, membership, city and plan; a few minutes and plans missing.</summary>
    private static string Visits(int rows, int seed)
    {
        var random = new Random(seed);
        var cities = new[] { "Lyon", "Nice", "Paris", "Lille" };
        var text = new StringBuilder("city,member,minutes,plan,bought\n");
        for (var i = 0; i < rows; i++)
        {
            var city = cities[random.Next(cities.Length)];
            var member = random.NextDouble() < 0.4;
            var minutes = Math.Round(random.NextDouble() * 60, 1);
            var plan = random.NextDouble() < 0.3 ? "pro" : "basic";
            var score = minutes / 20 + (member ? 1.5 : 0) + (city == "Paris" ? 0.8 : 0) + (plan == "pro" ? 0.7 : 0) + random.NextDouble() * 1.5;
            var minutesText = random.NextDouble() < 0.08 ? "" : minutes.ToString(CultureInfo.InvariantCulture);
            var planText = random.NextDouble() < 0.08 ? "" : plan;
            text.Append(CultureInfo.InvariantCulture, $"{city},{(member ? "true" : "false")},{minutesText},{planText},{(score > 3.2 ? "yes" : "no")}\n");
        }
        return text.ToString();
    }
}
