using System.Globalization;
using System.Text;
using Lepton.Data;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;

namespace Lepton.Training.Tests.Evaluation;

/// <summary>A small table (a number, a category, a class and a numeric target) and tiny models trained on it, as a user's C# would.</summary>
internal static class TableModel
{
    public static readonly string[] Classes = ["cat", "dog", "emu"];

    /// <summary>Rows where the class follows <c>size</c> and <c>y</c> is about 2 · size; every <paramref name="missingTargetEvery"/>th row has no class and no y.</summary>
    public static string WriteCsv(TempFolder folder, string name = "animals.csv", int rows = 90, int missingTargetEvery = 0, string? extraClass = null)
    {
        var random = new Random(7);
        var csv = new StringBuilder("size,colour,animal,y\n");
        for (var i = 0; i < rows; i++)
        {
            var size = random.NextDouble() * 3;
            var animal = extraClass is not null && i == 5 ? extraClass : Classes[Math.Min(2, (int)size)];
            var colour = random.NextDouble() < 0.5 ? "red" : "blue";
            var y = 2 * size + random.NextDouble() * 0.2;
            var missing = missingTargetEvery > 0 && i % missingTargetEvery == 0;
            csv.Append(string.Create(CultureInfo.InvariantCulture, $"{size:0.###},{colour},{(missing ? "" : animal)},{(missing ? "" : y.ToString("0.###", CultureInfo.InvariantCulture))}\n"));
        }
        return folder.Write(name, csv.ToString());
    }

    /// <summary>A softmax classifier of <c>animal</c> over the scaled size and the one-hot colour, with its pipeline and class names stored.</summary>
    public static Model Classifier(string csv) => Train(csv, "animal", classifier: true);

    /// <summary>A regressor of <c>y</c>, stored the same way.</summary>
    public static Model Regressor(string csv) => Train(csv, "y", classifier: false);

    private static Model Train(string csv, string target, bool classifier)
    {
        LeptonRuntime.Seed(3);
        using var table = Table.Read(csv);
        var pipeline = Pipeline.Create().Scale(Scaling.Standard, "size").OneHot("colour");
        using var transformed = pipeline.Fit(table, out var fitted);
        var features = fitted.OutputColumns.Where(c => c.StartsWith("size", StringComparison.Ordinal) || c.StartsWith("colour", StringComparison.Ordinal)).ToList();
        var preprocessing = new TablePreprocessing(fitted, features);
        var x = FeatureTensors.ToFeatureTensor(transformed.Table, [.. features]);
        var model = new Sequential(new Shape(features.Count), new Dense(16, "relu"), new Dense(classifier ? Classes.Length : 1));
        if (classifier)
        {
            using var data = new TensorDataset(x, FeatureTensors.ToLabelTensor(transformed.Table, target, Classes), Classes);
            model.Compile(new Adam(0.05), new SparseCategoricalCrossentropy(fromLogits: true));
            model.Fit(data, epochs: 30, batchSize: 16, verbose: Nn.Training.Verbosity.Silent);
            model.Metadata.ClassNames = Classes;
        }
        else
        {
            var y = TorchSharp.torch.tensor(transformed.Table.GetDoubles(target).Select(v => (float)v!.Value).ToArray()).reshape(-1, 1);
            using var data = new TensorDataset(x, y);
            model.Compile(new Adam(0.05), new MeanSquaredError());
            model.Fit(data, epochs: 40, batchSize: 16, verbose: Nn.Training.Verbosity.Silent);
        }
        preprocessing.WriteTo(model.Metadata.Preprocessing);
        return model;
    }
}
