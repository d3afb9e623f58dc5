using Lepton.Data.Augmentation;
using TorchSharp;

namespace Lepton.Data.Tests.Augmentation;

public sealed class AffineTransformTests
{
    [Fact]
    public void Rotation_by_zero_is_the_identity()
    {
        var source = TestData.Images(3, 2, 6, 9);
        using var original = source.Inputs[0].clone();
        using var batch = new RandomRotation(0, new Random(1)).Apply(source);
        ImageAssert.Close(original, batch.Inputs[0]);
    }

    [Fact]
    public void Rotation_by_90_degrees_turns_the_image_counter_clockwise()
    {
        using var images = torch.arange(2 * 5 * 5, dtype: torch.float32).view(1, 2, 5, 5);
        using var rotated = AffineWarp.Rotate(images, [90f]);
        ImageAssert.Close(images.rot90(1, (2, 3)), rotated, 1e-3);
        using var back = AffineWarp.Rotate(images, [-90f]);
        ImageAssert.Close(images.rot90(-1, (2, 3)), back, 1e-3);
    }

    [Fact]
    public void Rotation_by_180_degrees_flips_both_axes_on_a_non_square_image()
    {
        using var images = torch.arange(4 * 6, dtype: torch.float32).view(1, 1, 4, 6);
        using var rotated = AffineWarp.Rotate(images, [180f]);
        ImageAssert.Close(images.flip(2, 3), rotated, 1e-3);
    }

    [Fact]
    public void Rotation_fills_uncovered_corners_with_zeros()
    {
        using var images = torch.ones(1, 1, 9, 9);
        using var rotated = AffineWarp.Rotate(images, [45f]);
        Assert.Equal(0f, rotated[0, 0, 0, 0].item<float>());
        Assert.Equal(1f, rotated[0, 0, 4, 4].item<float>(), 5);
    }

    [Fact]
    public void Random_rotation_draws_a_different_angle_per_example_within_the_limit()
    {
        var images = torch.zeros(16, 1, 9, 9);
        images[.., .., 4, ..] = torch.ones(9); // a horizontal bar through the centre
        using var batch = new RandomRotation(30, new Random(3)).Apply(ImageAssert.BatchOf(images));
        var rotated = batch.Inputs[0];
        // Within ±30°, the bar never reaches the top row's middle nor leaves the centre.
        Assert.True(rotated[.., 0, 4, 4].ge(0.99f).all().item<bool>());
        Assert.True(rotated[.., 0, 0, 4].le(1e-4f).all().item<bool>());
        var distinct = Enumerable.Range(0, 16)
            .Select(n => string.Join(",", rotated[n].data<float>().ToArray().Select(v => MathF.Round(v, 4))))
            .Distinct().Count();
        Assert.True(distinct == 16, $"only {distinct} distinct results for 16 examples");
    }

    [Fact]
    public void Translation_by_whole_pixels_shifts_with_zero_fill()
    {
        using var image = ImageAssert.Image(new float[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } });
        using var right = AffineWarp.Translate(image, [1f], [0f]);
        ImageAssert.Close(ImageAssert.Image(new float[,] { { 0, 1, 2 }, { 0, 4, 5 }, { 0, 7, 8 } }), right);
        using var up = AffineWarp.Translate(image, [0f], [-1f]);
        ImageAssert.Close(ImageAssert.Image(new float[,] { { 4, 5, 6 }, { 7, 8, 9 }, { 0, 0, 0 } }), up);
    }

    [Fact]
    public void Translation_by_zero_is_the_identity()
    {
        var source = TestData.Images(2, 3, 5, 4);
        using var original = source.Inputs[0].clone();
        using var batch = new RandomTranslation(0, new Random(1)).Apply(source);
        ImageAssert.Close(original, batch.Inputs[0]);
        Assert.Equal([0L, 1], TestData.IdsOf(batch));
    }

    [Fact]
    public void Random_translation_stays_within_its_fraction()
    {
        var images = torch.zeros(32, 1, 10, 10);
        images[.., .., 5, 5] = torch.ones(1);
        using var batch = new RandomTranslation(0.2, new Random(4)).Apply(ImageAssert.BatchOf(images));
        // A dot at (5, 5) moves at most 2 pixels, so nothing lands outside rows/columns 3..7.
        var outside = batch.Inputs[0].clone();
        outside[.., .., 3..8, 3..8] = torch.zeros(1);
        Assert.True(outside.abs().max().item<float>() <= 1e-5f);
        Assert.True(batch.Inputs[0].sum(1, 2, 3).sub(1).abs().max().item<float>() < 1e-4f, "the dot's mass was lost inside the frame");
    }

    [Fact]
    public void Limits_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomRotation(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomRotation(181));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomTranslation(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomTranslation(-0.1));
    }
}
