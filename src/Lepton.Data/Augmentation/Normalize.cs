using TorchSharp;

namespace Lepton.Data.Augmentation;

/// <summary>
/// Standardises images channel by channel: subtracts each channel's mean and divides by its standard deviation,
/// so that inputs are centred near zero.
/// </summary>
public sealed class Normalize : IBatchTransform
{
    static Normalize() => NativeInitializer.Run();

    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>Creates a normalisation with one mean and one standard deviation per channel.</summary>
    /// <param name="mean">The value subtracted from each channel.</param>
    /// <param name="std">The (positive) value each channel is divided by after the subtraction.</param>
    public Normalize(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
            throw new ArgumentException($"Normalize needs one mean and one standard deviation per channel; got {mean.Count} means and {std.Count} deviations.", nameof(std));
        if (mean.Any(m => !double.IsFinite(m)))
            throw new ArgumentException($"Every mean must be a finite number; got [{string.Join(", ", mean)}].", nameof(mean));
        if (std.Any(s => !double.IsFinite(s) || s <= 0))
            throw new ArgumentException($"Every standard deviation must be positive and finite; got [{string.Join(", ", std)}].", nameof(std));
        _mean = mean.Select(m => (float)m).ToArray();
        _std = std.Select(s => (float)s).ToArray();
    }

    /// <summary>The value subtracted from each channel.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>The value each channel is divided by.</summary>
    public IReadOnlyList<float> Std => _std;

    /// <inheritdoc />
    public Batch Apply(Batch batch) => ImageBatch.Map(batch, nameof(Normalize), Standardise);

    private torch.Tensor Standardise(torch.Tensor images)
    {
        var channels = images.shape[1];
        if (channels != _mean.Length)
            throw new ArgumentException(
                $"Normalize has statistics for {_mean.Length} channel(s), but the images [{string.Join(", ", images.shape)}] have {channels} at dimension 1: images must be channels-first (N, C, H, W).");
        var mean = torch.tensor(_mean, device: images.device).to_type(images.dtype).view(1, channels, 1, 1);
        var std = torch.tensor(_std, device: images.device).to_type(images.dtype).view(1, channels, 1, 1);
        return (images - mean) / std;
    }
}
