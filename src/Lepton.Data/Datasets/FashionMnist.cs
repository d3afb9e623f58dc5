using Lepton.Data.Images;
using TorchSharp;

namespace Lepton.Data.Datasets;

/// <summary>
/// Fashion-MNIST: 70,000 grayscale 28×28 images of clothing in 10 classes (60,000 to train, 10,000 to test),
/// read from the original IDX files. On Debian and Ubuntu the files come from the <c>dataset-fashion-mnist</c>
/// package.
/// </summary>
public static class FashionMnist
{
    static FashionMnist() => NativeInitializer.Run();

    /// <summary>The environment variable that names a folder holding the four IDX files.</summary>
    public const string FolderVariable = "LEPTON_FASHION_MNIST";

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    internal const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Height and width of each image, in pixels.</summary>
    public const int ImageSize = 28;

    private const string TrainImages = "train-images-idx3-ubyte";
    private const string TrainLabels = "train-labels-idx1-ubyte";
    private const string TestImages = "t10k-images-idx3-ubyte";
    private const string TestLabels = "t10k-labels-idx1-ubyte";
    private static readonly string[] FileNames = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>How a picture becomes a Fashion-MNIST input: 28×28 gray, scaled to [0, 1], light garment on black.</summary>
    public static ImageFormat ImageFormat { get; } = new() { Channels = 1, Height = ImageSize, Width = ImageSize, Scale = 1.0 / 255, DarkBackground = true };

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The folder <see cref="Load"/> reads when given none: <c>LEPTON_FASHION_MNIST</c> if set, else Debian's <c>/usr/share/datasets/fashion-mnist</c>.</summary>
    public static string DefaultFolder
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(FolderVariable);
            return string.IsNullOrWhiteSpace(configured) ? DebianFolder : configured;
        }
    }

    /// <summary>True when <paramref name="folder"/> (by default <see cref="DefaultFolder"/>) holds all four files, gzip-compressed or plain.</summary>
    public static bool IsInstalled(string? folder = null)
    {
        folder ??= DefaultFolder;
        return FileNames.All(name => Locate(folder, name) is not null);
    }

    /// <summary>The four files in <paramref name="folder"/>: training images and labels, then test images and labels.</summary>
    /// <exception cref="DatasetNotFoundException">A file is missing.</exception>
    public static IReadOnlyList<string> Files(string? folder = null)
    {
        folder ??= DefaultFolder;
        return FileNames.Select(name => Locate(folder, name) ?? throw NotFound(folder, name)).ToArray();
    }

    /// <summary>
    /// Loads the training and test sets: images as float32 (1, 28, 28) scaled to [0, 1], labels as int64 class
    /// indices, with <see cref="ClassNames"/>. The caller owns (and may dispose) both datasets.
    /// </summary>
    /// <param name="folder">The folder holding the four IDX files; by default <see cref="DefaultFolder"/>.</param>
    /// <exception cref="DatasetNotFoundException">A file is missing; the message says how to get the dataset.</exception>
    /// <exception cref="InvalidDataException">A file is truncated, corrupt or not the expected array; the message names it.</exception>
    public static (TensorDataset Train, TensorDataset Test) Load(string? folder = null)
    {
        var paths = Files(folder);
        var train = LoadSplit(paths[0], paths[1]);
        try
        {
            return (train, LoadSplit(paths[2], paths[3]));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    private static TensorDataset LoadSplit(string imagesPath, string labelsPath)
    {
        var images = IdxReader.Read(imagesPath);
        var labels = IdxReader.Read(labelsPath);
        if (images.Dimensions is not [var count, ImageSize, ImageSize])
            throw new InvalidDataException($"{imagesPath} holds a {string.Join(" x ", images.Dimensions)} array; Fashion-MNIST images are N x {ImageSize} x {ImageSize}.");
        if (labels.Dimensions is not [var labelCount])
            throw new InvalidDataException($"{labelsPath} holds a {string.Join(" x ", labels.Dimensions)} array; Fashion-MNIST labels are a list of N class indices.");
        if (labelCount != count)
            throw new InvalidDataException($"{imagesPath} holds {count:N0} images but {labelsPath} holds {labelCount:N0} labels.");
        var bad = Array.FindIndex(labels.Data, l => l >= ClassNames.Count);
        if (bad >= 0)
            throw new InvalidDataException($"{labelsPath}: label {labels.Data[bad]} of example {bad} is not one of the {ClassNames.Count} Fashion-MNIST classes.");

        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(images.Data, [count, 1, ImageSize, ImageSize]).to_type(torch.float32).div_(255f).MoveToOuterDisposeScope();
        var y = torch.tensor(labels.Data).to_type(torch.int64).MoveToOuterDisposeScope();
        return new TensorDataset(x, y, ClassNames);
    }

    private static string? Locate(string folder, string name)
    {
        foreach (var candidate in new[] { Path.Combine(folder, name + ".gz"), Path.Combine(folder, name) })
        {
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static DatasetNotFoundException NotFound(string folder, string missing) => new(
        "Fashion-MNIST",
        folder,
        Path.Combine(folder, missing + ".gz"),
        $"Fashion-MNIST was not found: {Path.Combine(folder, missing)}.gz (or {missing}) does not exist. " +
        "To get it on Debian or Ubuntu, run: sudo apt-get install dataset-fashion-mnist (it installs to " + DebianFolder + "). " +
        $"Elsewhere, download the four IDX files ({string.Join(", ", FileNames.Select(n => n + ".gz"))}) into a folder, " +
        $"then pass that folder to FashionMnist.Load(folder) or set the {FolderVariable} environment variable to it.");
}
