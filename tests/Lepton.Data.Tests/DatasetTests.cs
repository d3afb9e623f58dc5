using TorchSharp;

namespace Lepton.Data.Tests;

public sealed class DatasetTests
{
    [Fact]
    public void Split_holds_out_the_last_fraction_in_order()
    {
        using var data = TestData.Ids(10);
        var (kept, held) = data.Split(0.3);
        Assert.Equal(7, kept.Count);
        Assert.Equal(3, held.Count);
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6], AllIds(kept));
        Assert.Equal([7L, 8, 9], AllIds(held));
    }

    [Fact]
    public void Random_split_is_a_partition_that_depends_on_the_generator()
    {
        using var data = TestData.Ids(50);
        var (kept, held) = data.Split(0.2, new Random(3));
        var keptIds = AllIds(kept);
        var heldIds = AllIds(held);
        Assert.Equal(40, keptIds.Length);
        Assert.Equal(10, heldIds.Length);
        Assert.Empty(keptIds.Intersect(heldIds));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), keptIds.Concat(heldIds).Order());
        Assert.NotEqual(Enumerable.Range(40, 10).Select(i => (long)i), heldIds);
        Assert.Equal(heldIds, AllIds(data.Split(0.2, new Random(3)).Held));
    }

    [Fact]
    public void Stratified_split_holds_out_the_same_share_of_every_class()
    {
        // 90 examples of class 0 then 10 of class 1, in order: the last 20% would hold no class 0 at all.
        var labels = Enumerable.Repeat(0L, 90).Concat(Enumerable.Repeat(1L, 10)).ToArray();
        using var data = new TensorDataset(torch.arange(100, dtype: torch.float32).view(100, 1), torch.tensor(labels));

        var (kept, held) = data.Split(0.2, ValidationSplitMode.Stratified, new Random(5));

        var heldIds = AllInputs(held);
        Assert.Equal(20, heldIds.Length);
        Assert.Equal(18, heldIds.Count(i => i < 90));
        Assert.Equal(2, heldIds.Count(i => i >= 90));
        Assert.Empty(heldIds.Intersect(AllInputs(kept)));
        Assert.Equal(100, heldIds.Length + kept.Count);
        Assert.Equal(heldIds, AllInputs(data.Split(0.2, ValidationSplitMode.Stratified, new Random(5)).Held));

        var (_, last) = data.Split(0.2, ValidationSplitMode.Last);
        Assert.Equal(Enumerable.Range(80, 20).Select(i => (long)i), AllInputs(last));
        var (_, shuffled) = data.Split(0.2, ValidationSplitMode.Shuffled, new Random(5));
        Assert.NotEqual(Enumerable.Range(80, 20).Select(i => (long)i), AllInputs(shuffled));
    }

    [Fact]
    public void Stratified_split_needs_class_index_targets()
    {
        using var data = new TensorDataset(torch.zeros(10, 1), torch.zeros(10, 2));
        var error = Assert.Throws<ArgumentException>(() => data.Split(0.2, ValidationSplitMode.Stratified));
        Assert.Contains("class index", error.Message);
        Assert.Contains("Shuffled", error.Message);
    }

    private static long[] AllInputs(Dataset data)
    {
        using var batch = data.GetBatch(Enumerable.Range(0, data.Count).ToArray());
        return batch.Inputs[0].data<float>().ToArray().Select(v => (long)v).ToArray();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Split_refuses_fractions_outside_zero_to_one(double fraction)
    {
        using var data = TestData.Ids(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(fraction));
    }

    [Fact]
    public void Split_that_would_leave_a_side_empty_says_so()
    {
        using var data = TestData.Ids(3);
        var error = Assert.Throws<ArgumentException>(() => data.Split(0.1));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Subset_maps_indices_and_keeps_metadata()
    {
        using var data = new TensorDataset(torch.arange(6, dtype: torch.float32).view(6, 1), torch.arange(6, dtype: torch.int64), ["a", "b"]);
        var subset = data.Subset([5, 1, 3]);
        Assert.Equal(3, subset.Count);
        Assert.Equal([5L, 1, 3], AllIds(subset));
        Assert.Equal(data.InputShapes, subset.InputShapes);
        Assert.Equal(data.TargetShape, subset.TargetShape);
        Assert.Equal(["a", "b"], subset.ClassNames);

        var nested = subset.Subset([2, 0]);
        Assert.Equal([3L, 5], AllIds(nested));
    }

    [Fact]
    public void Subset_with_an_index_outside_the_dataset_fails_at_once_naming_it()
    {
        using var data = TestData.Ids(4);
        var error = Assert.ThrowsAny<ArgumentException>(() => data.Subset([0, 7]));
        Assert.Contains("7", error.Message);
        Assert.Contains("4 examples", error.Message);
    }

    [Fact]
    public void Batches_refuse_indices_outside_the_dataset()
    {
        using var data = TestData.Ids(4);
        var error = Assert.Throws<IndexOutOfRangeException>(() => data.GetBatch([1, 4]));
        Assert.Contains("index 4", error.Message);
        Assert.Throws<IndexOutOfRangeException>(() => data.Subset([0, 1]).GetBatch([2]));
    }

    [Fact]
    public void Take_keeps_the_first_examples_and_tolerates_more_than_there_are()
    {
        using var data = TestData.Ids(5);
        Assert.Equal([0L, 1], AllIds(data.Take(2)));
        Assert.Equal(5, data.Take(99).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Take(-1));
    }

    [Fact]
    public void Map_transforms_every_batch_and_keeps_metadata()
    {
        using var data = TestData.Ids(6);
        var mapped = data.Map(new AddToInputs(100));
        Assert.Equal(6, mapped.Count);
        Assert.Equal(data.InputShapes, mapped.InputShapes);
        using var batch = mapped.GetBatch([2, 4]);
        Assert.Equal([102f, 104f], batch.Inputs[0].data<float>().ToArray());
        Assert.Equal([2L, 4], TestData.IdsOf(batch));
    }

    private static long[] AllIds(Dataset data)
    {
        using var batch = data.GetBatch(Enumerable.Range(0, data.Count).ToArray());
        return TestData.IdsOf(batch);
    }

    private sealed class AddToInputs(float amount) : IBatchTransform
    {
        public Batch Apply(Batch batch)
        {
            var shifted = batch.Inputs[0] + amount;
            batch.Inputs[0].Dispose();
            return new Batch([shifted], batch.Target);
        }
    }
}
