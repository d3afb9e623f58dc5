using TorchSharp;

namespace Lepton.Data.Augmentation;

/// <summary>
/// Mirrors each image left-to-right (and optionally top-to-bottom) with a given probability, drawn anew for
/// every example. Only the images change; targets pass through.
/// </summary>
public sealed class RandomFlip : IBatchTransform
{
    static RandomFlip() => NativeInitializer.Run();

    private readonly Random _random;

    /// <summary>Creates a flip.</summary>
    /// <param name="horizontal">Mirror left-to-right.</param>
    /// <param name="vertical">Mirror top-to-bottom, decided independently of the horizontal flip.</param>
    /// <param name="probability">The chance that each example is flipped along each enabled axis.</param>
    /// <param name="random">The generator of the draws; by default one from <see cref="LeptonRuntime.CreateRandom"/>.</param>
    public RandomFlip(bool horizontal = true, bool vertical = false, double probability = 0.5, Random? random = null)
    {
        if (!horizontal && !vertical)
            throw new ArgumentException("RandomFlip needs at least one axis: set horizontal, vertical or both.", nameof(horizontal));
        if (probability is < 0 or > 1 || double.IsNaN(probability))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The flip probability must lie between 0 and 1.");
        Horizontal = horizontal;
        Vertical = vertical;
        Probability = probability;
        _random = random ?? LeptonRuntime.CreateRandom();
    }

    /// <summary>Whether images are mirrored left-to-right.</summary>
    public bool Horizontal { get; }

    /// <summary>Whether images are mirrored top-to-bottom.</summary>
    public bool Vertical { get; }

    /// <summary>The chance that each example is flipped along each enabled axis.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    public Batch Apply(Batch batch) => ImageBatch.Map(batch, nameof(RandomFlip), Flip);

    private torch.Tensor Flip(torch.Tensor images)
    {
        var count = (int)images.shape[0];
        var result = images;
        if (Horizontal) result = FlipWhere(result, Draw(count), dim: 3);
        if (Vertical) result = FlipWhere(result, Draw(count), dim: 2);
        return result;
    }

    private bool[] Draw(int count)
    {
        var flips = new bool[count];
        lock (_random)
        {
            for (var i = 0; i < count; i++) flips[i] = _random.NextDouble() < Probability;
        }
        return flips;
    }

    private static torch.Tensor FlipWhere(torch.Tensor images, bool[] flips, long dim)
    {
        var mask = torch.tensor(flips, device: images.device).view(-1, 1, 1, 1);
        return torch.where(mask, images.flip(dim), images);
    }
}
