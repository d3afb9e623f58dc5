using TorchSharp;
using static TorchSharp.torch.nn.functional;

namespace Lepton.Data.Augmentation;

/// <summary>
/// Pads each image with <see cref="Padding"/> zero pixels on every side, then crops it back to its original size
/// at an offset drawn for each example: a shift of up to <see cref="Padding"/> pixels in each direction.
/// </summary>
public sealed class RandomCrop : IBatchTransform
{
    static RandomCrop() => NativeInitializer.Run();

    private readonly Random _random;

    /// <summary>Creates a crop.</summary>
    /// <param name="padding">Zero pixels added on each side before cropping (at least 1).</param>
    /// <param name="random">The generator of the draws; by default one from <see cref="LeptonRuntime.CreateRandom"/>.</param>
    public RandomCrop(int padding, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(padding, 1);
        Padding = padding;
        _random = random ?? LeptonRuntime.CreateRandom();
    }

    /// <summary>Zero pixels added on each side before cropping.</summary>
    public int Padding { get; }

    /// <inheritdoc />
    public Batch Apply(Batch batch) => ImageBatch.Map(batch, nameof(RandomCrop), Crop);

    private torch.Tensor Crop(torch.Tensor images)
    {
        var count = (int)images.shape[0];
        var left = new long[count];
        var top = new long[count];
        lock (_random)
        {
            for (var i = 0; i < count; i++)
            {
                left[i] = _random.Next(2 * Padding + 1);
                top[i] = _random.Next(2 * Padding + 1);
            }
        }
        return Crop(images, Padding, left, top);
    }

    /// <summary>Pads by <paramref name="padding"/> and keeps, per example, the window whose top-left corner is at (<paramref name="left"/>, <paramref name="top"/>) of the padded image.</summary>
    internal static torch.Tensor Crop(torch.Tensor images, int padding, long[] left, long[] top)
    {
        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var padded = pad(images, [padding, padding, padding, padding]);
        var rows = torch.tensor(top, device: images.device).view(n, 1) + torch.arange(h, device: images.device).view(1, h);
        var cols = torch.tensor(left, device: images.device).view(n, 1) + torch.arange(w, device: images.device).view(1, w);
        var keptRows = padded.gather(2, rows.view(n, 1, h, 1).expand(n, c, h, w + 2 * padding));
        return keptRows.gather(3, cols.view(n, 1, 1, w).expand(n, c, h, w));
    }
}
