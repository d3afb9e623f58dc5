using TorchSharp;

namespace Lepton.Data.Tests;

public sealed class BatchTests
{
    [Fact]
    public void Moving_to_the_device_it_is_on_keeps_the_tensors_usable()
    {
        var batch = new Batch([torch.ones(3, 2)], torch.arange(3, dtype: torch.int64));
        using var moved = batch.To(torch.CPU);
        Assert.Same(batch, moved);
        Assert.False(moved.Inputs[0].IsInvalid);
        Assert.Equal(6f, moved.Inputs[0].sum().item<float>());
        Assert.Equal([0L, 1, 2], TestData.IdsOf(moved));
    }

    [Fact]
    public void A_batch_needs_an_input()
    {
        Assert.Throws<ArgumentException>(() => new Batch([], null));
    }

    [Fact]
    public void Disposing_a_batch_frees_its_tensors()
    {
        var input = torch.ones(2, 2);
        var target = torch.zeros(2);
        new Batch([input], target).Dispose();
        Assert.True(input.IsInvalid);
        Assert.True(target.IsInvalid);
    }
}
