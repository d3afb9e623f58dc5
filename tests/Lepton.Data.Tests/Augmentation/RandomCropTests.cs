using Lepton.Data.Augmentation;
using TorchSharp;

namespace Lepton.Data.Tests.Augmentation;

public sealed class RandomCropTests
{
    [Fact]
    public void Cropping_keeps_the_image_size()
    {
        using var batch = new RandomCrop(4, new Random(1)).Apply(TestData.Images(5, 3, 7, 9));
        Assert.Equal([5L, 3, 7, 9], batch.Inputs[0].shape);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)i), TestData.IdsOf(batch));
    }

    [Fact]
    public void The_centre_window_is_the_original_image()
    {
        using var images = torch.arange(2 * 2 * 3 * 4, dtype: torch.float32).view(2, 2, 3, 4);
        using var cropped = RandomCrop.Crop(images, 2, [2, 2], [2, 2]);
        ImageAssert.Close(images, cropped, 0);
    }

    [Fact]
    public void The_top_left_window_shifts_the_image_right_and_down_with_zeros()
    {
        using var image = ImageAssert.Image(new float[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } });
        using var cropped = RandomCrop.Crop(image, 1, [0], [0]);
        ImageAssert.Close(ImageAssert.Image(new float[,] { { 0, 0, 0 }, { 0, 1, 2 }, { 0, 4, 5 } }), cropped, 0);
        using var bottomRight = RandomCrop.Crop(image, 1, [2], [2]);
        ImageAssert.Close(ImageAssert.Image(new float[,] { { 5, 6, 0 }, { 8, 9, 0 }, { 0, 0, 0 } }), bottomRight, 0);
        using var rightOnly = RandomCrop.Crop(image, 1, [2], [1]);
        ImageAssert.Close(ImageAssert.Image(new float[,] { { 2, 3, 0 }, { 5, 6, 0 }, { 8, 9, 0 } }), rightOnly, 0);
    }

    [Fact]
    public void Each_example_is_some_window_of_its_padded_self_drawn_independently()
    {
        const int padding = 2;
        var source = TestData.Images(32, 1, 5, 5);
        using var original = source.Inputs[0].clone();
        using var batch = new RandomCrop(padding, new Random(5)).Apply(source);
        var offsets = new HashSet<(int, int)>();
        for (var n = 0; n < 32; n++)
        {
            using var one = original[n..(n + 1)];
            var match = (from left in Enumerable.Range(0, 2 * padding + 1)
                         from top in Enumerable.Range(0, 2 * padding + 1)
                         let window = RandomCrop.Crop(one, padding, [left], [top])
                         where window.eq(batch.Inputs[0][n..(n + 1)]).all().item<bool>()
                         select (left, top)).ToList();
            Assert.Single(match);
            offsets.Add(match[0]);
        }
        Assert.True(offsets.Count > 8, $"only {offsets.Count} distinct offsets in 32 examples");
    }

    [Fact]
    public void Padding_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomCrop(0));
    }
}
