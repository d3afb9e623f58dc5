using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Training.Explanations;
using Lepton.Training.Tests.Evaluation;

namespace Lepton.Training.Tests.Explanations;

public sealed class PermutationImportanceTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_classifier_relies_on_the_column_its_class_follows_and_not_on_the_noise_column()
    {
        var csv = TableModel.WriteCsv(folder, rows: 300);
        var model = TableModel.Classifier(csv);
        using var preprocessing = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)!;
        using var table = Table.Read(csv);
        var scored = 0;

        var result = PermutationImportance.Compute(table, ["colour", "size"], t => Score(model, preprocessing, t, "animal"), new PermutationImportanceOptions { Repeats = 3 },
            new Progress<int>(n => Interlocked.Add(ref scored, n)));

        Assert.True(result.Baseline > 0.9, $"baseline accuracy {result.Baseline}");
        Assert.Equal(["size", "colour"], result.Features.Select(f => f.Column));
        var size = result.Features[0];
        Assert.True(size.Mean > 0.3, $"size importance {size.Mean}");
        Assert.Equal(3, size.Drops.Count);
        Assert.Equal(size.Drops.Average(), size.Mean, 12);
        Assert.True(Math.Abs(result.Features[1].Mean) < 0.05, $"colour importance {result.Features[1].Mean}");
    }

    [Fact]
    public void For_an_error_a_rise_counts_as_importance()
    {
        var csv = TableModel.WriteCsv(folder, rows: 120);
        var model = TableModel.Regressor(csv);
        using var preprocessing = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)!;
        using var table = Table.Read(csv);

        var result = PermutationImportance.Compute(table, ["size", "colour"], t => Rmse(model, preprocessing, t), new PermutationImportanceOptions { Repeats = 2, HigherIsBetter = false });

        Assert.Equal("size", result.Features[0].Column);
        Assert.True(result.Features[0].Mean > 0.5, $"size: RMSE rose by {result.Features[0].Mean}");
        Assert.All(result.Features[0].Drops, d => Assert.True(d > 0));
    }

    [Fact]
    public void Shuffles_repeat_with_the_same_seed_and_bad_columns_are_named()
    {
        using var table = Table.Read(folder.Write("rule.csv", "a,b,y\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i - 20},{i % 3},{(i >= 20 ? 1 : 0)}\n"))));
        static double Rule(Table t) => t.GetDoubles("a").Zip(t.GetDoubles("y")).Average(p => (p.First >= 0 ? 1.0 : 0.0) == p.Second ? 1.0 : 0.0);

        var first = PermutationImportance.Compute(table, ["a", "b"], Rule, new PermutationImportanceOptions { Seed = 9 });
        var second = PermutationImportance.Compute(table, ["a", "b"], Rule, new PermutationImportanceOptions { Seed = 9 });

        Assert.Equal(1.0, first.Baseline);
        Assert.Equal(first.Features[0].Drops, second.Features[0].Drops);
        Assert.Equal("b", first.Features[1].Column);
        Assert.Equal(0.0, first.Features[1].Mean);
        Assert.Contains("'nope'", Assert.Throws<KeyNotFoundException>(() => PermutationImportance.Compute(table, ["a", "nope"], Rule)).Message, StringComparison.Ordinal);
        Assert.Contains("'a' is named twice", Assert.Throws<ArgumentException>(() => PermutationImportance.Compute(table, ["a", "a"], Rule)).Message, StringComparison.Ordinal);
    }

    private static double Score(Model model, TablePreprocessing preprocessing, Table table, string target)
    {
        using var data = TableDataset.FromTable(table, preprocessing, target, TableModel.Classes);
        return model.Evaluate(data, 256, new Accuracy())["accuracy"];
    }

    private static double Rmse(Model model, TablePreprocessing preprocessing, Table table)
    {
        using var data = TableDataset.FromTable(table, preprocessing, "y");
        return model.Evaluate(data, 256, new RootMeanSquaredError())["rmse"];
    }
}
