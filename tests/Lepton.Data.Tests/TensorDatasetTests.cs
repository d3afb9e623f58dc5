using TorchSharp;

namespace Lepton.Data.Tests;

public sealed class TensorDatasetTests
{
    [Fact]
    public void Shapes_and_counts_come_from_the_tensors()
    {
        using var data = new TensorDataset([torch.zeros(8, 3, 4, 4), torch.zeros(8, 5)], torch.zeros(8, dtype: torch.int64));
        Assert.Equal(8, data.Count);
        Assert.Equal([new Shape(3, 4, 4), new Shape(5)], data.InputShapes);
        Assert.Equal(Shape.Scalar, data.TargetShape);
        using var batch = data.GetBatch([0, 7, 3]);
        Assert.Equal([3L, 3, 4, 4], batch.Inputs[0].shape);
        Assert.Equal([3L, 5], batch.Inputs[1].shape);
        Assert.Equal(3, batch.Count);
    }

    [Fact]
    public void Inputs_with_different_example_counts_are_named_in_the_error()
    {
        var error = Assert.Throws<ArgumentException>(() => new TensorDataset([torch.zeros(8, 2), torch.zeros(7, 2)], null));
        Assert.Contains("Input 1", error.Message);
        Assert.Contains("[7, 2]", error.Message);
        Assert.Contains("8 examples", error.Message);
    }

    [Fact]
    public void A_target_with_a_different_example_count_is_named_in_the_error()
    {
        var error = Assert.Throws<ArgumentException>(() => new TensorDataset(torch.zeros(8, 2), torch.zeros(6, dtype: torch.int64)));
        Assert.Equal("target", error.ParamName);
        Assert.Contains("[6]", error.Message);
        Assert.Contains("8 examples", error.Message);
    }

    [Fact]
    public void FromArrays_checks_that_features_fill_whole_examples()
    {
        using var ok = TensorDataset.FromArrays([1, 2, 3, 4, 5, 6], new Shape(3), [0, 1], ["x", "y"]);
        Assert.Equal(2, ok.Count);
        Assert.Equal(["x", "y"], ok.ClassNames);
        var error = Assert.Throws<ArgumentException>(() => TensorDataset.FromArrays([1, 2, 3, 4, 5], new Shape(3), [0, 1]));
        Assert.Contains("5 feature values", error.Message);
    }

    [Fact]
    public void Datasets_without_targets_give_batches_without_targets()
    {
        using var data = new TensorDataset(torch.zeros(4, 2), null);
        Assert.Null(data.TargetShape);
        using var batch = data.GetBatch([1, 2]);
        Assert.Null(batch.Target);
    }
}
