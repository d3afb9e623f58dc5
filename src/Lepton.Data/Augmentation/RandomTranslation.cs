using TorchSharp;

namespace Lepton.Data.Augmentation;

/// <summary>
/// Shifts each image by its own offset, drawn uniformly up to <see cref="MaxFraction"/> of the width
/// horizontally and of the height vertically, filling uncovered pixels with zeros.
/// </summary>
public sealed class RandomTranslation : IBatchTransform
{
    static RandomTranslation() => NativeInitializer.Run();

    private readonly Random _random;

    /// <summary>Creates a translation.</summary>
    /// <param name="maxFraction">The largest shift either way, as a fraction of the image size (0 to 1).</param>
    /// <param name="random">The generator of the draws; by default one from <see cref="LeptonRuntime.CreateRandom"/>.</param>
    public RandomTranslation(double maxFraction, Random? random = null)
    {
        if (maxFraction is < 0 or >= 1 || double.IsNaN(maxFraction))
            throw new ArgumentOutOfRangeException(nameof(maxFraction), maxFraction, "The largest shift must be a fraction of the image size, at least 0 and below 1.");
        MaxFraction = maxFraction;
        _random = random ?? LeptonRuntime.CreateRandom();
    }

    /// <summary>The largest shift either way, as a fraction of the image size.</summary>
    public double MaxFraction { get; }

    /// <inheritdoc />
    public Batch Apply(Batch batch) => ImageBatch.Map(batch, nameof(RandomTranslation), Translate);

    private torch.Tensor Translate(torch.Tensor images)
    {
        var count = (int)images.shape[0];
        var (height, width) = (images.shape[2], images.shape[3]);
        var dx = ImageBatch.Uniform(_random, count, -MaxFraction * width, MaxFraction * width);
        var dy = ImageBatch.Uniform(_random, count, -MaxFraction * height, MaxFraction * height);
        return AffineWarp.Translate(images, dx, dy);
    }
}
