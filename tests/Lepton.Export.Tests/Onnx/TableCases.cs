using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Export.Onnx;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>
/// Table models for whole-model export: a generated training table (numbers, an integer, categories, a boolean, a
/// date, free text, with missing values), a pipeline fitted on it, a small network or tree ensemble over its features,
/// and raw records (missing values and unseen categories among them) to compare ONNX Runtime with Lepton on.
/// </summary>
internal static class TableCases
{
    public static readonly string[] Cities = ["Paris", "Lyon", "Nice", "Lille"];
    public static readonly string[] Classes = ["low", "mid", "high"];
    private static readonly string[] Words = ["red", "green", "blue", "fast", "slow", "big", "small", "new", "old"];

    /// <summary>The training table as CSV: 200 rows; a tenth of age, income, city and plan missing.</summary>
    public static string TrainingCsv(int rows = 200, int seed = 5)
    {
        var random = new Random(seed);
        string[] columns = ["age", "income", "income_twin", "visits", "flat", "city", "plan", "member", "day", "note"];
        var csv = new StringBuilder(string.Join(',', columns) + ",bought,segment\n");
        for (var r = 0; r < rows; r++)
        {
            var record = Record(random, missing: true, unseen: false);
            csv.Append(string.Join(',', columns.Select(c => Cell(record[c]))));
            csv.Append(CultureInfo.InvariantCulture, $",{(random.NextDouble() < 0.4 ? 1 : 0)},{Classes[random.Next(3)]}\n");
        }
        return csv.ToString();
    }

    /// <summary>Raw records as a server receives them.</summary>
    public static List<JsonObject> Records(int count, int seed, bool missing, bool unseen)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Record(random, missing, unseen)).ToList();
    }

    private static JsonObject Record(Random random, bool missing, bool unseen)
    {
        bool Gone() => missing && random.NextDouble() < 0.1;
        var city = unseen && random.NextDouble() < 0.15 ? "Tokyo" : Cities[random.Next(Cities.Length)];
        double? income = Gone() ? null : Math.Round(10 + random.NextDouble() * random.NextDouble() * 110, 2);
        return new JsonObject
        {
            ["age"] = Gone() ? null : Math.Round(18 + random.NextDouble() * 62, 1),
            ["income"] = income,
            ["income_twin"] = income is { } i ? Math.Round(i * 2 + random.NextDouble() * 0.01, 4) : null,
            ["visits"] = random.Next(0, 9),
            ["flat"] = 3,
            ["city"] = Gone() ? null : city,
            ["plan"] = Gone() ? null : (random.NextDouble() < 0.3 ? "pro" : "basic"),
            ["member"] = random.NextDouble() < 0.5,
            ["day"] = $"2026-{random.Next(1, 13):00}-{random.Next(1, 29):00}",
            ["note"] = string.Join(' ', Enumerable.Range(0, random.Next(1, 5)).Select(_ => Words[random.Next(Words.Length)])),
        };
    }

    private static string Cell(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => Number(node).ToString("R", CultureInfo.InvariantCulture),
    };

    private static double Number(JsonNode node) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) ? d : node is JsonValue w && w.TryGetValue<int>(out var i) ? i : double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>The pipeline fitted on the training table, and its numeric output columns but the targets: the model's features.</summary>
    public static (FittedPipeline Pipeline, List<string> Features) Fit(TempFolder folder, Pipeline pipeline, params string[] leaveOut)
    {
        var path = folder.Write("train.csv", TrainingCsv());
        using var table = Table.Read(path);
        var fitted = pipeline.Fit(table);
        using var applied = fitted.Apply(table);
        var features = applied.Table.Columns
            .Where(c => (c.IsNumeric || c.Kind == ColumnKind.Boolean) && c.Name is not ("bought" or "segment") && !leaveOut.Contains(c.Name))
            .Select(c => c.Name).ToList();
        return (fitted, features);
    }

    /// <summary>A 3-class network on logits over the features, its pipeline in its metadata.</summary>
    public static Model Network(FittedPipeline pipeline, IReadOnlyList<string> features, int seed)
    {
        var model = new Sequential(new Shape(features.Count), [new Dense(6, "tanh"), new Dense(3)], "table_net");
        ExportVerification.Randomize(model, seed);
        model.Metadata.ClassNames = Classes;
        model.Metadata.OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true);
        new TablePreprocessing(pipeline, features).WriteTo(model.Metadata.Preprocessing);
        return model;
    }

    /// <summary>
    /// Exports the whole model and checks ONNX Runtime on the raw records against Lepton's records route (pipeline,
    /// features, Predict and the loss's probabilities): raw output and probabilities within 1e-4, and the class name.
    /// </summary>
    public static string ExportAndCompare(Model model, IReadOnlyList<JsonObject> records, string folder, string name, OnnxExportOptions? options = null)
    {
        var path = Path.Combine(folder, name + ".onnx");
        model.ExportOnnx(path, options);
        Compare(model, path, records, name);
        return path;
    }

    public static void Compare(Model model, string path, IReadOnlyList<JsonObject> records, string name)
    {
        using var scope = NewDisposeScope();
        using var table = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)!;
        var features = table.FeaturesOf(records);
        var inputs = table.SplitByInput(tensor(features, [records.Count, table.Features.Count])).ToArray();
        var raw = model.Predict(inputs);
        var probabilities = model.Metadata.OutputLoss!.ToProbabilities(raw);

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        var feeds = session.InputMetadata.Select(input => Feed(input.Key, input.Value.ElementDataType, records)).ToList();
        using var results = session.Run(feeds);
        AssertClose(raw, results.Single(r => r.Name == OnnxExport.OutputName).AsTensor<float>().ToArray(), $"{name}: output");
        if (model.Metadata.ClassNames.Count == 0)
        {
            Assert.Equal([OnnxExport.OutputName], results.Select(r => r.Name));   // a regression model: the value only
            return;
        }
        AssertClose(probabilities, results.Single(r => r.Name == "probabilities").AsTensor<float>().ToArray(), $"{name}: probabilities");
        var labels = results.Single(r => r.Name == "label").AsTensor<string>().ToArray();
        var width = probabilities.shape[1];
        var p = probabilities.data<float>().ToArray();
        for (var r = 0; r < records.Count; r++)
        {
            var best = width == 1 ? (p[r] > 0.5f ? 1 : 0) : Enumerable.Range(0, (int)width).MaxBy(c => (p[(r * width) + c], -c));
            Assert.True(model.Metadata.ClassNames[best] == labels[r], $"{name}: record {r} is '{model.Metadata.ClassNames[best]}' in Lepton, '{labels[r]}' in the file.");
        }
    }

    /// <summary>One raw column for every record: doubles or floats (null is NaN, booleans 1 and 0) or strings (null is "").</summary>
    private static NamedOnnxValue Feed(string column, TensorElementType type, IReadOnlyList<JsonObject> records)
    {
        int[] shape = [records.Count, 1];
        if (type == TensorElementType.String)
        {
            var strings = records.Select(r => r[column] is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : "").ToArray();
            return NamedOnnxValue.CreateFromTensor(column, new DenseTensor<string>(strings, shape));
        }
        var numbers = records.Select(r => r[column] switch
        {
            null => double.NaN,
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? 1.0 : 0.0,
            JsonValue v => Number(v),
            _ => double.NaN,
        }).ToArray();
        return type == TensorElementType.Float
            ? NamedOnnxValue.CreateFromTensor(column, new DenseTensor<float>(numbers.Select(n => (float)n).ToArray(), shape))
            : NamedOnnxValue.CreateFromTensor(column, new DenseTensor<double>(numbers, shape));
    }

    private static void AssertClose(TorchSharp.torch.Tensor expected, float[] actual, string what)
    {
        var want = expected.contiguous().to_type(ScalarType.Float32).data<float>().ToArray();
        Assert.Equal(want.Length, actual.Length);
        for (var i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(want[i] - actual[i]) <= ExportVerification.Tolerance, $"{what}: element {i} is {want[i]} in Lepton, {actual[i]} in ONNX Runtime.");
    }
}
