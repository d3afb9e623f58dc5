using Lepton.Data;
using Lepton.Data.Images;

namespace Lepton.Training.Images;

/// <summary>What <see cref="ImageSource.Read"/> gives: the decoded images, each one's position among the source's images, and the images that could not be decoded.</summary>
internal sealed class ImageSourceData(Dataset dataset, int[] positions, IReadOnlyList<SkippedImage> skipped, IDisposable? owned) : IDisposable
{
    public Dataset Dataset { get; } = dataset;

    public int[] Positions { get; } = positions;

    public IReadOnlyList<SkippedImage> Skipped { get; } = skipped;

    public void Dispose() => owned?.Dispose();
}
