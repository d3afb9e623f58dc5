using System.Globalization;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;

namespace Lepton.Cli.Tests;

/// <summary>
/// The small table model the predict tests run on either runtime: rows of an id, a number, a number with gaps, a
/// colour and a class; a fitted pipeline (impute, one-hot, scale) and a network trained a few epochs, saved with both.
/// </summary>
internal static class TableModels
{
    public static readonly string[] Classes = ["low", "mid", "high"];
    private static readonly string[] Colors = ["red", "green", "blue"];

    /// <summary>Row <paramref name="i"/> as CSV: <c>id,x,size,color,label</c>.</summary>
    public static string Row(int i) => string.Create(CultureInfo.InvariantCulture,
        $"c{i:D4},{(i * 37 % 100) / 10.0},{(i % 9 == 0 ? "" : (i % 13).ToString(CultureInfo.InvariantCulture))},{Colors[i % 3]},{Classes[i * 37 % 100 / 34]}");

    /// <summary>Row <paramref name="i"/> without its label: <c>id,x,size,color</c>.</summary>
    public static string Unlabelled(int i) => Row(i)[..Row(i).LastIndexOf(',')];

    /// <summary>Trains on rows 0 to <paramref name="rows"/> − 1 for <paramref name="epochs"/> epochs and saves <c>table.lepton</c> in <paramref name="folder"/>.</summary>
    public static string Train(TempFolder folder, int rows, int epochs)
    {
        var csv = folder.Write("train.csv", "id,x,size,color,label\n" + string.Join("\n", Enumerable.Range(0, rows).Select(Row)) + "\n");
        using var train = Table.Read(csv);
        using var transformed = Pipeline.Create().Impute("size", Imputation.Median).OneHot("color").Scale(Scaling.Standard, "x", "size").Fit(train, out var fitted);
        var preprocessing = new TablePreprocessing(fitted, ["x", "size", "color=blue", "color=green", "color=red"]);
        LeptonRuntime.Seed(3);
        var model = new Sequential(new Shape(preprocessing.Features.Count), new Dense(8, "relu"), new Dense(Classes.Length));
        model.Compile(new Adam(0.02), new SparseCategoricalCrossentropy(fromLogits: true));
        using var features = FeatureTensors.ToFeatureTensor(transformed.Table, [.. preprocessing.Features]);
        using var labels = FeatureTensors.ToLabelTensor(transformed.Table, "label", Classes);
        model.Fit(new Lepton.Data.TensorDataset(features, labels, Classes), epochs: epochs, batchSize: 16, verbose: Lepton.Nn.Training.Verbosity.Silent);
        model.Metadata.ClassNames = Classes;
        preprocessing.WriteTo(model.Metadata.Preprocessing);
        var path = folder.PathOf("table.lepton");
        model.Save(path);
        return path;
    }
}
