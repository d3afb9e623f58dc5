using System.Globalization;
using SkiaSharp;

namespace Lepton.Data.Images;

/// <summary>
/// A folder of labelled images laid out as Keras's <c>image_dataset_from_directory</c> reads them: one subfolder per
/// class (<c>root/&lt;class&gt;/*.png</c>, searched recursively), or the same under split folders
/// (<c>root/train|validation|test/&lt;class&gt;/…</c>). Class names are the class folders' names, sorted (ordinal);
/// <see cref="Open"/> lists and labels the images and reads each file's header, <see cref="Read"/> decodes them in
/// parallel into one tensor.
/// </summary>
/// <remarks>
/// The policy for awkward images: a file that cannot be read or decoded is skipped and counted (<see cref="Skipped"/>,
/// the first few named by <see cref="DescribeSkipped"/>); images of other sizes are resized to the format's size
/// (by default the folder's most common size, see <see cref="SuggestFormat"/>); images are read as gray when every
/// image is gray, else as RGB. Files directly in the root or in a split folder, and files with other extensions,
/// are ignored and counted (<see cref="IgnoredFiles"/>).
/// </remarks>
public sealed class ImageFolder
{
    static ImageFolder() => NativeInitializer.Run();

    /// <summary>The file extensions read as images (case-insensitive).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    /// <summary>Split folder names, by the split they hold.</summary>
    private static readonly Dictionary<string, ImageSplit> SplitNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["train"] = ImageSplit.Train,
        ["training"] = ImageSplit.Train,
        ["validation"] = ImageSplit.Validation,
        ["val"] = ImageSplit.Validation,
        ["valid"] = ImageSplit.Validation,
        ["test"] = ImageSplit.Test,
        ["testing"] = ImageSplit.Test,
    };

    /// <summary>How many non-gray images are decoded to check whether they hold only gray pixels.</summary>
    private const int GraySample = 32;

    private ImageFolder(string root, bool hasSplitFolders, IReadOnlyList<string> classNames, IReadOnlyList<ImageFile> images, IReadOnlyList<SkippedImage> skipped,
        int ignoredFiles, bool isGray)
    {
        Root = root;
        HasSplitFolders = hasSplitFolders;
        ClassNames = classNames;
        Images = images;
        Skipped = skipped;
        IgnoredFiles = ignoredFiles;
        IsGray = isGray;
        (MostCommonWidth, MostCommonHeight) = images.CountBy(i => (i.Width, i.Height))
            .OrderByDescending(g => g.Value).ThenByDescending(g => g.Key.Width * g.Key.Height).First().Key;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Root { get; }

    /// <summary>True when the images are under <c>train/</c>, <c>validation/</c> and <c>test/</c> folders.</summary>
    public bool HasSplitFolders { get; }

    /// <summary>The class names, sorted; a label is an index into them.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Every image whose header could be read, by split, class and path.</summary>
    public IReadOnlyList<ImageFile> Images { get; }

    /// <summary>Image files whose header could not be read: left out.</summary>
    public IReadOnlyList<SkippedImage> Skipped { get; }

    /// <summary>Files that are not in a class folder or are not images by their extension: ignored.</summary>
    public int IgnoredFiles { get; }

    /// <summary>True when every image is gray: stored with one channel, or (for a sample of the others) with equal red, green and blue.</summary>
    public bool IsGray { get; }

    /// <summary>The most common width (of the most common size).</summary>
    public int MostCommonWidth { get; }

    /// <summary>The most common height (of the most common size).</summary>
    public int MostCommonHeight { get; }

    /// <summary>Whether the folder has any image of <paramref name="split"/>.</summary>
    public bool Has(ImageSplit split) => Images.Any(i => i.Split == split);

    /// <summary>The images of class <paramref name="label"/> in <paramref name="split"/>.</summary>
    public int Count(ImageSplit split, int label) => Images.Count(i => i.Split == split && i.Label == label);

    /// <summary>True when <paramref name="path"/> is a folder whose subfolders are split folders (<c>train</c>, <c>validation</c>, <c>test</c>).</summary>
    public static bool HasSplitLayout(string path) =>
        Directory.Exists(path) && Directory.GetDirectories(path).Select(System.IO.Path.GetFileName).ToList() is { Count: > 0 } names && names.All(n => SplitNames.ContainsKey(n!));

    /// <summary>The folder to evaluate a model on: <paramref name="path"/>'s <c>test/</c> folder when it has split folders (null if it has none), else <paramref name="path"/> itself.</summary>
    public static string? TestFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!HasSplitLayout(path)) return path;
        return Directory.GetDirectories(path).FirstOrDefault(d => SplitNames[System.IO.Path.GetFileName(d)] == ImageSplit.Test);
    }

    /// <summary>
    /// Lists, labels and checks the images of <paramref name="root"/> and reads every file's header (size, gray or
    /// colour); nothing is decoded yet.
    /// </summary>
    /// <exception cref="ImageFolderException">The folder does not exist or holds no class folder with images; it has one class; a class folder holds no image or no readable image; it mixes split folders with other folders, or has split folders but no <c>train/</c>; a split folder names a class <c>train/</c> does not have.</exception>
    public static ImageFolder Open(string root, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (!Directory.Exists(root)) throw new ImageFolderException($"'{root}' is not a folder: give a folder with one subfolder of images per class.");
        var full = System.IO.Path.GetFullPath(root);
        var subfolders = Directory.GetDirectories(full).Select(d => System.IO.Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
        var splits = subfolders.Where(SplitNames.ContainsKey).ToList();
        if (splits.Count > 0 && splits.Count < subfolders.Count)
            throw new ImageFolderException(
                $"'{root}' mixes split folders ({string.Join(", ", splits)}) with other folders ({string.Join(", ", subfolders.Except(splits).Take(5))}): " +
                "lay it out as root/<class>/… or as root/train|validation|test/<class>/….");
        var ignored = Directory.GetFiles(full).Length;
        var listed = new List<(string Path, string Class, ImageSplit Split)>();
        List<string> classes;
        if (splits.Count > 0)
        {
            var train = splits.Where(s => SplitNames[s] == ImageSplit.Train).ToList();
            if (train.Count != 1)
                throw new ImageFolderException(train.Count == 0
                    ? $"'{root}' has split folders ({string.Join(", ", splits)}) but no train/ folder: the training images go in {System.IO.Path.Combine(root, "train")}/<class>/…."
                    : $"'{root}' has two training folders ({string.Join(" and ", train)}): keep one.");
            if (splits.GroupBy(s => SplitNames[s]).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new ImageFolderException($"'{root}' has two folders for the same split ({string.Join(" and ", twice)}): keep one.");
            var trainFolder = System.IO.Path.Combine(full, train[0]);
            classes = ClassFolders(trainFolder);
            foreach (var split in splits)
            {
                var folder = System.IO.Path.Combine(full, split);
                ignored += Directory.GetFiles(folder).Length;
                var kind = SplitNames[split];
                foreach (var name in kind == ImageSplit.Train ? classes : ClassFolders(folder, allowEmpty: true))
                {
                    if (!classes.Contains(name))
                        throw new ImageFolderException($"'{System.IO.Path.Combine(folder, name)}' is a class that {train[0]}/ does not have; its classes: {string.Join(", ", classes)}.");
                    ignored += List(System.IO.Path.Combine(folder, name), name, kind, listed, required: kind == ImageSplit.Train);
                }
            }
        }
        else
        {
            classes = ClassFolders(full);
            foreach (var name in classes) ignored += List(System.IO.Path.Combine(full, name), name, ImageSplit.Train, listed, required: true);
        }

        var (images, skipped) = ReadHeaders(listed, classes, cancellationToken);
        foreach (var (name, label) in classes.Select((n, i) => (n, i)))
        {
            if (images.Any(i => i.Label == label && i.Split == ImageSplit.Train)) continue;
            var bad = skipped.First(s => listed.Any(l => l.Path == s.Path && l.Class == name));
            throw new ImageFolderException($"None of the images of class '{name}' can be read; the first: {bad.Path}: {bad.Reason}");
        }
        return new ImageFolder(full, splits.Count > 0, classes, images, skipped, ignored, IsAllGray(images));
    }

    /// <summary>
    /// The format to read the images with: <paramref name="width"/> × <paramref name="height"/> when given, else the
    /// most common size, shrunk (keeping its aspect ratio) so its longer side is at most <paramref name="maxSide"/>;
    /// one channel when the images are gray, else three; pixels scaled to [0, 1].
    /// </summary>
    public ImageFormat SuggestFormat(int? width = null, int? height = null, int maxSide = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 8);
        var (w, h) = (width ?? MostCommonWidth, height ?? MostCommonHeight);
        if (width is null && height is null && Math.Max(w, h) > maxSide)
        {
            var shrink = (double)maxSide / Math.Max(w, h);
            (w, h) = (Math.Max(1, (int)Math.Round(w * shrink)), Math.Max(1, (int)Math.Round(h * shrink)));
        }
        return new ImageFormat { Channels = IsGray ? 1 : 3, Width = w, Height = h, Scale = 1.0 / 255 };
    }

    /// <summary>How many images are not of <paramref name="format"/>'s size, so are resized when read.</summary>
    public int CountResized(ImageFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return Images.Count(i => i.Width != format.Width || i.Height != format.Height);
    }

    /// <summary>"N images could not be read and are left out; the first: …", naming up to <paramref name="named"/> files; empty when none was skipped.</summary>
    public static string DescribeSkipped(IReadOnlyList<SkippedImage> skipped, int named = 3)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        if (skipped.Count == 0) return "";
        var first = string.Join("; ", skipped.Take(named).Select(s => $"{s.Path}: {s.Reason}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{skipped.Count:N0} image{(skipped.Count == 1 ? "" : "s")} could not be read and {(skipped.Count == 1 ? "is" : "are")} left out; {(skipped.Count > named ? $"the first {named}" : skipped.Count == 1 ? "it is" : "they are")}: {first}");
    }

    /// <summary>
    /// Decodes every image in parallel into one (N, C, H, W) tensor in <paramref name="format"/> (the way
    /// <see cref="ImageFormat.Load"/> reads one file, so a model trained on it predicts files the same way), with the
    /// labels as class indices. Files that fail to decode are left out and listed.
    /// </summary>
    /// <param name="format">The size, channels and scale to read the images in.</param>
    /// <param name="progress">Told how many images have been decoded so far (from worker threads).</param>
    /// <param name="cancellationToken">Stops decoding.</param>
    /// <exception cref="ImageFolderException">No image could be decoded.</exception>
    public ImageFolderData Read(ImageFormat format, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(format);
        var size = format.Channels * format.Height * format.Width;
        var values = new float[(long)Images.Count * size];
        var errors = new string?[Images.Count];
        var done = 0;
        Parallel.For(0, Images.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                format.LoadInto(Images[i].Path, values.AsSpan(i * size, size));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                errors[i] = e.Message;
            }
            var count = Interlocked.Increment(ref done);
            if (count % 256 == 0 || count == Images.Count) progress?.Report(count);
        });
        var kept = Enumerable.Range(0, Images.Count).Where(i => errors[i] is null).ToArray();
        var skipped = kept.Length == Images.Count ? [] : Enumerable.Range(0, Images.Count).Where(i => errors[i] is not null).Select(i => new SkippedImage(Images[i].Path, errors[i]!)).ToList();
        if (kept.Length == 0) throw new ImageFolderException($"None of the {Images.Count:N0} images in '{Root}' could be decoded; the first: {skipped[0].Path}: {skipped[0].Reason}");
        if (kept.Length < Images.Count)
        {
            for (var k = 0; k < kept.Length; k++) values.AsSpan(kept[k] * size, size).CopyTo(values.AsSpan(k * size, size));
        }
        var images = kept.Select(i => Images[i]).ToList();
        var x = TorchSharp.torch.tensor(values.AsSpan(0, kept.Length * size).ToArray(), [kept.Length, format.Channels, format.Height, format.Width]);
        var y = TorchSharp.torch.tensor(images.Select(i => (long)i.Label).ToArray());
        return new ImageFolderData(new TensorDataset(x, y, ClassNames), images, skipped, format);
    }

    private static List<string> ClassFolders(string folder, bool allowEmpty = false)
    {
        var classes = Directory.GetDirectories(folder).Select(d => System.IO.Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
        if (allowEmpty) return classes;
        if (classes.Count == 0)
        {
            var loose = Directory.GetFiles(folder).Count(IsImage);
            throw new ImageFolderException(loose > 0
                ? $"'{folder}' holds {loose} images but no class folders: put each class's images in a subfolder named after the class ({System.IO.Path.Combine(folder, "<class>")}/…)."
                : $"'{folder}' holds no class folders: expected {System.IO.Path.Combine(folder, "<class>")}/*.png (or {string.Join(", ", Extensions.Skip(1))}), one folder per class.");
        }
        if (classes.Count == 1)
            throw new ImageFolderException($"'{folder}' has one class folder ('{classes[0]}'): a classifier needs at least two classes, one folder each.");
        return classes;
    }

    /// <summary>Adds the images under a class folder (recursively, sorted) to <paramref name="listed"/>; returns how many other files it holds.</summary>
    private static int List(string folder, string name, ImageSplit split, List<(string, string, ImageSplit)> listed, bool required)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var images = files.Where(IsImage).ToList();
        if (images.Count == 0 && required)
            throw new ImageFolderException($"The class folder '{folder}' holds no images ({string.Join(", ", Extensions)}): add images of class '{name}' or remove the folder.");
        listed.AddRange(images.Select(f => (f, name, split)));
        return files.Count - images.Count;
    }

    private static bool IsImage(string path) => Extensions.Contains(System.IO.Path.GetExtension(path).ToLowerInvariant());

    private static (List<ImageFile> Images, List<SkippedImage> Skipped) ReadHeaders(List<(string Path, string Class, ImageSplit Split)> listed, List<string> classes,
        CancellationToken cancellationToken)
    {
        var headers = new (int Width, int Height, bool Gray, string? Error)[listed.Count];
        Parallel.For(0, listed.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                using var codec = SKCodec.Create(listed[i].Path, out var result);
                headers[i] = codec is null
                    ? (0, 0, false, $"not an image this build can decode ({result})")
                    : (codec.Info.Width, codec.Info.Height, codec.Info.ColorType is SKColorType.Gray8 or SKColorType.Alpha8, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                headers[i] = (0, 0, false, e.Message);
            }
        });
        var images = new List<ImageFile>();
        var skipped = new List<SkippedImage>();
        var labels = classes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        for (var i = 0; i < listed.Count; i++)
        {
            var (width, height, gray, error) = headers[i];
            if (error is not null || width < 1 || height < 1) skipped.Add(new SkippedImage(listed[i].Path, error ?? "the image has no pixels"));
            else images.Add(new ImageFile(listed[i].Path, labels[listed[i].Class], listed[i].Split, width, height, gray));
        }
        if (images.Count == 0)
            throw new ImageFolderException($"None of the {listed.Count:N0} image files can be read; the first: {skipped[0].Path}: {skipped[0].Reason}");
        return (images, skipped);
    }

    /// <summary>Gray when every header says so, or when a sample of the colour images holds only gray pixels (an RGB PNG of a gray picture).</summary>
    private static bool IsAllGray(List<ImageFile> images)
    {
        var colour = images.Where(i => !i.IsGray).ToList();
        if (colour.Count == 0) return true;
        var step = Math.Max(1, colour.Count / GraySample);
        for (var k = 0; k < colour.Count; k += step)
        {
            using var bitmap = SKBitmap.Decode(colour[k].Path);
            if (bitmap is null) continue;
            using var rgba = bitmap.ColorType == SKColorType.Rgba8888 ? null : bitmap.Copy(SKColorType.Rgba8888);
            var pixels = (rgba ?? bitmap).GetPixelSpan();
            for (var p = 0; p + 3 < pixels.Length; p += 4)
            {
                if (pixels[p] != pixels[p + 1] || pixels[p] != pixels[p + 2]) return false;
            }
        }
        return true;
    }
}
