using Lepton.Data.Images;

namespace Lepton.Training.Images;

/// <summary>An image folder as an <see cref="ImageSource"/>: the images are decoded in parallel when training starts.</summary>
internal sealed class FolderImageSource(ImageFolder folder) : ImageSource
{
    public override string Name => folder.Root;

    public override IReadOnlyList<string> ClassNames => folder.ClassNames;

    public override int Count => folder.Images.Count;

    public override ImageFolder Folder => folder;

    public override IReadOnlyList<SkippedImage> Skipped => folder.Skipped;

    internal override int LabelOf(int image) => folder.Images[image].Label;

    internal override ImageSplit SplitOf(int image) => folder.Images[image].Split;

    internal override string? OwnSplit => folder.HasSplitFolders
        ? "the folder's train/" + (folder.Has(ImageSplit.Validation) ? ", validation/" : "") + (folder.Has(ImageSplit.Test) ? " and test/" : "") + " folders"
        : null;

    internal override ImageFormat FormatFor(ImageTrainingOptions options, int minSide)
    {
        var format = folder.SuggestFormat(options.Width, options.Height, options.MaxSide);
        // The recipes' networks shrink an image four to eight times: smaller ones are enlarged (8x8 digits to 12x12).
        if (format.Width < minSide || format.Height < minSide) format = format with { Width = Math.Max(minSide, format.Width), Height = Math.Max(minSide, format.Height) };
        return format;
    }

    internal override int CountResized(ImageFormat format) => folder.CountResized(format);

    internal override ImageSourceData Read(ImageFormat format, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var data = folder.Read(format, progress, cancellationToken);
        var position = folder.Images.Select((image, i) => (image.Path, i)).ToDictionary(p => p.Path, p => p.i, StringComparer.Ordinal);
        return new ImageSourceData(data.Dataset, [.. data.Images.Select(i => position[i.Path])], data.Skipped, data);
    }
}
