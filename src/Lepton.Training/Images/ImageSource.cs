using Lepton.Data;
using Lepton.Data.Images;
using Lepton.Training.Automatic;

namespace Lepton.Training.Images;

/// <summary>
/// The labelled images <see cref="ImageTrainer"/> learns from: an image folder (<see cref="FromFolder"/>), decoded
/// when training starts, or images already in memory with their own training and test sets (<see cref="FromDatasets"/>,
/// such as the catalog's Fashion-MNIST), trained on as they are.
/// </summary>
public abstract class ImageSource : IDisposable
{
    private protected ImageSource()
    {
    }

    /// <summary>Where the images come from: a folder's full path, or a dataset's name.</summary>
    public abstract string Name { get; }

    /// <summary>The class names; a label is an index into them.</summary>
    public abstract IReadOnlyList<string> ClassNames { get; }

    /// <summary>How many images there are.</summary>
    public abstract int Count { get; }

    /// <summary>The folder when the images are files; null for images in memory.</summary>
    public virtual ImageFolder? Folder => null;

    /// <summary>Images that could not be read while listing them: left out.</summary>
    public virtual IReadOnlyList<SkippedImage> Skipped => [];

    /// <summary>A listed image folder.</summary>
    public static ImageSource FromFolder(ImageFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return new FolderImageSource(folder);
    }

    /// <summary>
    /// Images in memory, as (N, C, H, W) tensors in <paramref name="format"/> with class-index targets and class names:
    /// <paramref name="test"/> is the held-out test set, the validation images come from <paramref name="train"/>. The
    /// examples are copied, so the caller keeps (and disposes) its datasets.
    /// </summary>
    /// <exception cref="ArgumentException">The datasets have no class names or targets, differ in classes, or their images are not of <paramref name="format"/>'s shape.</exception>
    public static ImageSource FromDatasets(string name, TensorDataset train, TensorDataset test, ImageFormat format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(format);
        return new DatasetImageSource(name, train, test, format);
    }

    /// <summary>The label of image <paramref name="image"/>.</summary>
    internal abstract int LabelOf(int image);

    /// <summary>The split the source puts image <paramref name="image"/> in (<see cref="ImageSplit.Train"/> when it has no split of its own).</summary>
    internal abstract ImageSplit SplitOf(int image);

    /// <summary>How the source's own split reads in the plan ("the folder's train/ and test/ folders"); null when it has none.</summary>
    internal abstract string? OwnSplit { get; }

    /// <summary>The format to read the images in, from the options' size (if any) and what the images are.</summary>
    /// <exception cref="TrainingException">The source cannot give the asked size.</exception>
    internal abstract ImageFormat FormatFor(ImageTrainingOptions options, int minSide);

    /// <summary>Images not of <paramref name="format"/>'s size, so resized when read.</summary>
    internal abstract int CountResized(ImageFormat format);

    /// <summary>Every readable image in <paramref name="format"/>, with its position among the source's images.</summary>
    internal abstract ImageSourceData Read(ImageFormat format, IProgress<int>? progress, CancellationToken cancellationToken);

    /// <summary>Frees images held in memory.</summary>
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private protected virtual void Release()
    {
    }
}
