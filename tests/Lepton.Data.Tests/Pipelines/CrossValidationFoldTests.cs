using Lepton.Data.Splits;

namespace Lepton.Data.Tests.Pipelines;

/// <summary>K-fold positions for cross-validation of any dataset, as scikit-learn's KFold and StratifiedKFold.</summary>
public sealed class CrossValidationFoldTests
{
    [Theory]
    [InlineData(23, 5)]
    [InlineData(10, 10)]
    [InlineData(101, 3)]
    public void K_fold_sizes_differ_by_at_most_one_and_every_position_is_tested_once(int count, int k)
    {
        var folds = Splitter.KFold(count, k, seed: 1);

        Assert.Equal(k, folds.Count);
        Assert.True(folds.Max(f => f.Test.Length) - folds.Min(f => f.Test.Length) <= 1);
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), folds.SelectMany(f => f.Test).Order());
        Assert.All(folds, f =>
        {
            Assert.Empty(f.Train.Intersect(f.Test));
            Assert.Equal(count, f.Train.Length + f.Test.Length);
        });
    }

    [Fact]
    public void K_fold_shuffles_with_its_seed_and_keeps_order_without_shuffling()
    {
        Assert.Equal(Splitter.KFold(30, 3, seed: 7).Select(f => f.Test), Splitter.KFold(30, 3, seed: 7).Select(f => f.Test));
        Assert.NotEqual(Splitter.KFold(30, 3, seed: 7)[0].Test, Splitter.KFold(30, 3, seed: 8)[0].Test);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), Splitter.KFold(30, 3, shuffle: false)[0].Test);
    }

    [Fact]
    public void Stratified_k_fold_gives_every_fold_its_share_of_every_class()
    {
        // 60 a, 25 b, 10 c, 5 d, interleaved unevenly.
        var labels = Enumerable.Repeat("a", 60).Concat(Enumerable.Repeat("b", 25)).Concat(Enumerable.Repeat("c", 10)).Concat(Enumerable.Repeat("d", 5))
            .Select((l, i) => (l, key: (i * 37) % 100)).OrderBy(x => x.key).Select(x => (string?)x.l).ToList();

        var folds = Splitter.StratifiedKFold(labels, k: 5, seed: 3);

        Assert.Equal(5, folds.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), folds.SelectMany(f => f.Test).Order());
        Assert.All(folds, f => Assert.Empty(f.Train.Intersect(f.Test)));
        foreach (var (label, total) in new[] { ("a", 60), ("b", 25), ("c", 10), ("d", 5) })
        {
            var perFold = folds.Select(f => f.Test.Count(i => labels[(int)i] == label)).ToList();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {label}: {string.Join(", ", perFold)} per fold");
            Assert.Equal(total, perFold.Sum());
        }
        Assert.True(folds.Max(f => f.Test.Length) - folds.Min(f => f.Test.Length) <= 1);
        Assert.Equal(folds.Select(f => f.Test), Splitter.StratifiedKFold(labels, k: 5, seed: 3).Select(f => f.Test));
        Assert.NotEqual(folds[0].Test, Splitter.StratifiedKFold(labels, k: 5, seed: 4)[0].Test);
    }

    [Fact]
    public void Fold_counts_outside_two_to_the_number_of_examples_are_refused()
    {
        Assert.Contains("2 ≤ k ≤ the number of rows (4)", Assert.Throws<ArgumentOutOfRangeException>(() => Splitter.KFold(4, 5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Splitter.StratifiedKFold(["a", "b"], 1));
    }
}
