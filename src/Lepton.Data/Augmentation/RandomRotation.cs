using TorchSharp;

namespace Lepton.Data.Augmentation;

/// <summary>
/// Rotates each image about its centre by its own angle, drawn uniformly from
/// [-<see cref="MaxDegrees"/>, <see cref="MaxDegrees"/>], filling uncovered corners with zeros.
/// </summary>
public sealed class RandomRotation : IBatchTransform
{
    static RandomRotation() => NativeInitializer.Run();

    private readonly Random _random;

    /// <summary>Creates a rotation.</summary>
    /// <param name="maxDegrees">The largest rotation either way, in degrees (0 to 180).</param>
    /// <param name="random">The generator of the draws; by default one from <see cref="LeptonRuntime.CreateRandom"/>.</param>
    public RandomRotation(double maxDegrees, Random? random = null)
    {
        if (maxDegrees is < 0 or > 180 || double.IsNaN(maxDegrees))
            throw new ArgumentOutOfRangeException(nameof(maxDegrees), maxDegrees, "The largest rotation must lie between 0 and 180 degrees.");
        MaxDegrees = maxDegrees;
        _random = random ?? LeptonRuntime.CreateRandom();
    }

    /// <summary>The largest rotation either way, in degrees.</summary>
    public double MaxDegrees { get; }

    /// <inheritdoc />
    public Batch Apply(Batch batch) => ImageBatch.Map(batch, nameof(RandomRotation), Rotate);

    private torch.Tensor Rotate(torch.Tensor images) =>
        AffineWarp.Rotate(images, ImageBatch.Uniform(_random, (int)images.shape[0], -MaxDegrees, MaxDegrees));
}
