using Lepton.Data.Augmentation;
using TorchSharp;

namespace Lepton.Data.Tests.Augmentation;

public sealed class RandomFlipTests
{
    private static readonly float[,] Known = { { 1, 2, 3 }, { 4, 5, 6 } };

    [Fact]
    public void Horizontal_flip_mirrors_each_row()
    {
        using var batch = new RandomFlip(probability: 1, random: new Random(1)).Apply(ImageAssert.BatchOf(ImageAssert.Image(Known)));
        ImageAssert.Close(ImageAssert.Image(new float[,] { { 3, 2, 1 }, { 6, 5, 4 } }), batch.Inputs[0], 0);
    }

    [Fact]
    public void Vertical_flip_mirrors_each_column()
    {
        using var batch = new RandomFlip(horizontal: false, vertical: true, probability: 1, random: new Random(1))
            .Apply(ImageAssert.BatchOf(ImageAssert.Image(Known)));
        ImageAssert.Close(ImageAssert.Image(new float[,] { { 4, 5, 6 }, { 1, 2, 3 } }), batch.Inputs[0], 0);
    }

    [Fact]
    public void Probability_zero_leaves_images_alone()
    {
        using var batch = new RandomFlip(probability: 0, random: new Random(1)).Apply(ImageAssert.BatchOf(ImageAssert.Image(Known)));
        ImageAssert.Close(ImageAssert.Image(Known), batch.Inputs[0], 0);
    }

    [Fact]
    public void Each_example_gets_its_own_draw_and_its_target_is_unchanged()
    {
        var images = ImageAssert.Image(Known).expand(400, 1, 2, 3).contiguous();
        using var batch = new RandomFlip(random: new Random(2)).Apply(ImageAssert.BatchOf(images));
        var flipped = batch.Inputs[0][.., 0, 0, 0].eq(3).sum().item<long>();
        var kept = batch.Inputs[0][.., 0, 0, 0].eq(1).sum().item<long>();
        Assert.Equal(400, flipped + kept);
        Assert.InRange(flipped, 140, 260);
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (long)i), TestData.IdsOf(batch));
    }

    [Fact]
    public void Flipping_every_channel_together()
    {
        var images = torch.stack([ImageAssert.Image(Known)[0, 0], ImageAssert.Image(Known)[0, 0] * 10]).unsqueeze(0);
        using var batch = new RandomFlip(probability: 1, random: new Random(1)).Apply(ImageAssert.BatchOf(images));
        Assert.Equal([3f, 2, 1, 6, 5, 4, 30, 20, 10, 60, 50, 40], batch.Inputs[0].data<float>().ToArray());
    }

    [Fact]
    public void The_replaced_input_is_disposed_and_the_target_passes_through()
    {
        var input = ImageAssert.Image(Known);
        var target = torch.tensor(new long[] { 7 });
        using var batch = new RandomFlip(probability: 1, random: new Random(1)).Apply(new Batch([input], target));
        Assert.True(input.IsInvalid);
        Assert.Same(target, batch.Target);
        Assert.False(target.IsInvalid);
    }

    [Fact]
    public void Non_image_inputs_pass_through_beside_images()
    {
        var features = torch.ones(1, 4);
        using var batch = new RandomFlip(probability: 1, random: new Random(1))
            .Apply(new Batch([ImageAssert.Image(Known), features], null));
        Assert.Same(features, batch.Inputs[1]);
        Assert.Equal(3f, batch.Inputs[0][0, 0, 0, 0].item<float>());
    }

    [Fact]
    public void A_batch_without_images_is_refused_and_disposed()
    {
        var features = torch.ones(4, 3);
        var error = Assert.Throws<ArgumentException>(() => new RandomFlip().Apply(new Batch([features], null)));
        Assert.Contains("(N, C, H, W)", error.Message);
        Assert.Contains("[4, 3]", error.Message);
        Assert.True(features.IsInvalid);
    }

    [Fact]
    public void Integer_images_are_refused_with_advice()
    {
        var bytes = torch.zeros(1, 1, 2, 2, dtype: torch.uint8);
        var error = Assert.Throws<ArgumentException>(() => new RandomFlip().Apply(new Batch([bytes], null)));
        Assert.Contains("float", error.Message);
    }

    [Fact]
    public void Settings_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new RandomFlip(horizontal: false, vertical: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomFlip(probability: 1.5));
    }
}
