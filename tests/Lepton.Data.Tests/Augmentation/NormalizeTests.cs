using Lepton.Data.Augmentation;
using TorchSharp;

namespace Lepton.Data.Tests.Augmentation;

public sealed class NormalizeTests
{
    [Fact]
    public void Each_channel_is_shifted_and_scaled_by_its_own_statistics()
    {
        var images = torch.tensor(new float[] { 0.5f, 1.0f, 0.25f, 0.75f }, [1, 2, 1, 2]);
        using var batch = new Normalize([0.5, 0.25], [0.5, 0.25]).Apply(ImageAssert.BatchOf(images));
        Assert.Equal([0f, 1f, 0f, 2f], batch.Inputs[0].data<float>().ToArray());
        Assert.Equal([0L], TestData.IdsOf(batch));
    }

    [Fact]
    public void A_channel_count_mismatch_hints_at_channels_first()
    {
        var channelsLast = torch.zeros(1, 28, 28, 1);
        var error = Assert.Throws<ArgumentException>(() => new Normalize([0.5], [0.25]).Apply(ImageAssert.BatchOf(channelsLast)));
        Assert.Contains("channels-first", error.Message);
        Assert.True(channelsLast.IsInvalid);
    }

    [Fact]
    public void Statistics_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new Normalize([0.5, 0.5], [0.5]));
        Assert.Throws<ArgumentException>(() => new Normalize([], []));
        Assert.Throws<ArgumentException>(() => new Normalize([0.5], [0]));
        Assert.Throws<ArgumentException>(() => new Normalize([double.NaN], [1]));
    }
}
