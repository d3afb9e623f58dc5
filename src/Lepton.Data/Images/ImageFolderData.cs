namespace Lepton.Data.Images;

/// <summary>
/// An image folder decoded by <see cref="ImageFolder.Read"/>: every readable image as one (N, C, H, W) tensor with its
/// class index, the files in the same order, and the files that could not be decoded.
/// </summary>
public sealed class ImageFolderData : IDisposable
{
    internal ImageFolderData(TensorDataset dataset, IReadOnlyList<ImageFile> images, IReadOnlyList<SkippedImage> skipped, ImageFormat format)
    {
        Dataset = dataset;
        Images = images;
        Skipped = skipped;
        Format = format;
    }

    /// <summary>The images and their labels, with the class names.</summary>
    public TensorDataset Dataset { get; }

    /// <summary>The image files, in the dataset's order.</summary>
    public IReadOnlyList<ImageFile> Images { get; }

    /// <summary>Files whose header was read but whose pixels could not be decoded: left out.</summary>
    public IReadOnlyList<SkippedImage> Skipped { get; }

    /// <summary>The format the images were read in.</summary>
    public ImageFormat Format { get; }

    /// <summary>The positions in <see cref="Dataset"/> of the images of <paramref name="split"/>.</summary>
    public int[] IndicesOf(ImageSplit split) => Enumerable.Range(0, Images.Count).Where(i => Images[i].Split == split).ToArray();

    /// <summary>Frees the tensors.</summary>
    public void Dispose() => Dataset.Dispose();
}
