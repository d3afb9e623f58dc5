using TorchSharp;

namespace Lepton.Data.Tests;

public sealed class ItemDatasetTests
{
    [Fact]
    public void Items_are_read_on_demand_and_stacked()
    {
        var data = new FailingItems(count: 5, failAt: -1, message: "unused");
        using var batch = data.GetBatch([4, 1]);
        Assert.Equal([2L, 2], batch.Inputs[0].shape);
        Assert.Equal([4f, 4, 1, 1], batch.Inputs[0].data<float>().ToArray());
        Assert.Equal([4L, 1], TestData.IdsOf(batch));
    }

    [Fact]
    public void An_item_of_the_wrong_shape_is_named_with_its_index()
    {
        var data = new Items(5, itemShape: i => i == 3 ? [3] : [2], targetShape: _ => []);
        var error = Assert.Throws<InvalidDataException>(() => data.GetBatch([0, 3]));
        Assert.Contains("Example 3", error.Message);
        Assert.Contains("(3,)", error.Message);
        Assert.Contains("(2,)", error.Message);
    }

    [Fact]
    public void A_target_of_the_wrong_shape_is_named_with_its_index()
    {
        var data = new Items(5, itemShape: _ => [2], targetShape: i => i == 2 ? [2] : []);
        var error = Assert.Throws<InvalidDataException>(() => data.GetBatch([0, 2]));
        Assert.Contains("Example 2", error.Message);
        Assert.Contains("target", error.Message);
    }

    [Fact]
    public void An_empty_batch_is_refused()
    {
        var data = new FailingItems(count: 5, failAt: -1, message: "unused");
        Assert.Throws<ArgumentException>(() => data.GetBatch([]));
    }

    private sealed class Items(int count, Func<int, long[]> itemShape, Func<int, long[]> targetShape) : ItemDataset
    {
        public override int Count => count;
        public override IReadOnlyList<Shape> InputShapes { get; } = [new Shape(2)];
        public override Shape? TargetShape => Shape.Scalar;

        protected override (IReadOnlyList<torch.Tensor> Inputs, torch.Tensor? Target) ReadItem(int index) =>
            ([torch.zeros(itemShape(index))], torch.zeros(targetShape(index), dtype: torch.int64));
    }
}
