using Lepton.Data.Splits;
using Lepton.Data.Tests.Tables;

namespace Lepton.Data.Tests.Pipelines;

public sealed class SplitTests : IDisposable
{
    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    [Fact]
    public void Random_split_is_reproducible_with_a_seed_and_covers_every_row_once()
    {
        using var table = csv.Read("i\n" + string.Join("\n", Enumerable.Range(0, 50)) + "\n");
        using var a = Splitter.Random(table, 0.2, seed: 7);
        using var b = Splitter.Random(table, 0.2, seed: 7);
        using var c = Splitter.Random(table, 0.2, seed: 8);
        Assert.Equal(a.Indices.Test, b.Indices.Test);
        Assert.NotEqual(a.Indices.Test, c.Indices.Test);
        Assert.Equal(10, a.Test.RowCount);
        Assert.Equal(40, a.Train.RowCount);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), a.Indices.Train.Concat(a.Indices.Test).Order());
        Assert.Equal(a.Indices.Test.Select(i => (double?)i), a.Test.GetDoubles("i"));   // rows copied, in order
    }

    [Fact]
    public void The_rows_functions_give_the_positions_the_copying_splits_use()
    {
        var rows = Enumerable.Range(0, 90).Select(i => $"{(i % 3 == 0 ? "a" : "b")},u{i % 11},2024-01-{1 + i % 28:00},{i}");
        using var table = csv.Read("label,user,day,v\n" + string.Join("\n", rows) + "\n");
        using var random = Splitter.Random(table, 0.3, seed: 4);
        using var stratified = Splitter.Stratified(table, "label", 0.3, seed: 4);
        using var grouped = Splitter.Grouped(table, "user", 0.3, seed: 4);
        using var timed = Splitter.TimeOrdered(table, "day", 0.3);
        Same(random.Indices, Splitter.RandomRows(table, 0.3, seed: 4));
        Same(stratified.Indices, Splitter.StratifiedRows(table, "label", 0.3, seed: 4));
        Same(grouped.Indices, Splitter.GroupedRows(table, "user", 0.3, seed: 4));
        Same(timed.Indices, Splitter.TimeOrderedRows(table, "day", 0.3));
        Assert.Equal(stratified.Indices.Test.Select(i => (double?)i), stratified.Test.GetDoubles("v"));
    }

    private static void Same(SplitIndices expected, SplitIndices actual)
    {
        Assert.Equal(expected.Train, actual.Train);
        Assert.Equal(expected.Test, actual.Test);
    }

    [FactIfSklearnData]
    public void Stratified_split_keeps_class_shares_of_iris()
    {
        using var iris = Iris.Read();
        using var split = Splitter.Stratified(iris, "species", 0.2, seed: 1);
        var counts = split.Test.GetStrings("species").GroupBy(s => s).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["0"] = 10, ["1"] = 10, ["2"] = 10 }, counts);
        Assert.Equal(120, split.Train.RowCount);
    }

    [Fact]
    public void Grouped_split_never_puts_a_group_on_both_sides()
    {
        var rows = Enumerable.Range(0, 100).Select(i => $"u{i % 13},{i}");
        using var table = csv.Read("user,v\n" + string.Join("\n", rows) + "\n");
        using var split = Splitter.Grouped(table, "user", 0.3, seed: 2);
        var train = split.Train.GetStrings("user").ToHashSet();
        var test = split.Test.GetStrings("user").ToHashSet();
        Assert.Empty(train.Intersect(test));
        Assert.InRange(split.Test.RowCount, 20, 40);
        Assert.Equal(100, split.Train.RowCount + split.Test.RowCount);
    }

    [Fact]
    public void Time_ordered_split_tests_only_on_rows_after_every_training_row()
    {
        var days = Enumerable.Range(0, 30).Select(i => (i * 17) % 30).Select(d => $"2024-01-{d + 1:00},{d}");
        using var table = csv.Read("day,v\n" + string.Join("\n", days) + "\n");
        using var split = Splitter.TimeOrdered(table, "day", 0.2);
        Assert.Equal(6, split.Test.RowCount);
        Assert.True(split.Train.GetDateTimes("day").Max() < split.Test.GetDateTimes("day").Min());
        using var gappy = csv.Read("day\n2024-01-01\n\n");
        Assert.Contains("missing", Assert.Throws<ArgumentException>(() => Splitter.TimeOrdered(gappy, "day")).Message);
    }

    [Fact]
    public void K_fold_tests_every_row_exactly_once_and_is_reproducible()
    {
        using var table = csv.Read("i\n" + string.Join("\n", Enumerable.Range(0, 23)) + "\n");
        var folds = Splitter.KFold(table, 5, seed: 4);
        Assert.Equal(5, folds.Count);
        Assert.Equal(Enumerable.Range(0, 23).Select(i => (long)i), folds.SelectMany(f => f.Test).Order());
        Assert.All(folds, f => Assert.InRange(f.Test.Length, 4, 5));
        Assert.All(folds, f => Assert.Empty(f.Train.Intersect(f.Test)));
        Assert.Equal(folds.Select(f => f.Test), Splitter.KFold(table, 5, seed: 4).Select(f => f.Test));
        using var first = TableSplit.Take(table, folds[0]);
        Assert.Equal(folds[0].Test.Length, first.Test.RowCount);
    }

    [FactIfSklearnData]
    public void Stratified_k_fold_keeps_class_shares_in_every_fold()
    {
        using var iris = Iris.Read();
        var species = iris.GetStrings("species");
        var folds = Splitter.StratifiedKFold(iris, "species", 5, seed: 0);
        foreach (var fold in folds)
        {
            var counts = fold.Test.GroupBy(i => species[i]).Select(g => g.Count()).ToList();
            Assert.Equal([10, 10, 10], counts);
        }
    }

    [Fact]
    public void Splits_count_positions_even_when_reading_skipped_rows()
    {
        // JSON Lines with a value that does not convert: under Skip the row is deleted after loading, leaving a rowid gap.
        var lines = Enumerable.Range(0, 10).Select(i => i == 3 ? "{\"i\": \"x\", \"t\": 3}" : $"{{\"i\": {i}, \"t\": {i}}}");
        var file = Path.Combine(csv.Folder, "gap.jsonl");
        File.WriteAllText(file, string.Join("\n", lines) + "\n");
        using var table = Lepton.Data.Tables.Table.Read(file, new Lepton.Data.Tables.TableReadOptions
        {
            BadRows = Lepton.Data.Tables.BadRowPolicy.Skip,
            ColumnKinds = new Dictionary<string, Lepton.Data.Tables.ColumnKind> { ["i"] = Lepton.Data.Tables.ColumnKind.Integer },
        });
        Assert.Equal(9, table.RowCount);
        using var last = TableSplit.Take(table, new SplitIndices([0, 1, 2], [8]));
        Assert.Equal([9.0], last.Test.GetDoubles("i"));
        using var byTime = Splitter.TimeOrdered(table, "t", 0.2);
        Assert.Equal([8.0, 9.0], byTime.Test.GetDoubles("i"));
    }
}
