using Lepton.Data.Datasets;
using Lepton.Data.Images;
using Lepton.Data.Tables;
using Lepton.Training.Images;
using Table = Lepton.Data.Tables.Table;

namespace Lepton.Cli.Commands;

/// <summary>
/// What the DATA argument of <c>lepton train</c>, <c>experiment</c>, <c>evaluate</c> and <c>predict</c> names: a file
/// or folder that exists, else a catalog dataset (<c>iris</c>, <c>fashion-mnist</c>, …; <see cref="DatasetCatalog"/>).
/// A file or folder of that name wins over the catalog.
/// </summary>
internal sealed class DataInput
{
    private DataInput(string argument, DatasetInfo? catalog)
    {
        Argument = argument;
        Catalog = catalog;
    }

    /// <summary>The argument as given.</summary>
    public string Argument { get; }

    /// <summary>The catalog dataset it names; null for a file or folder.</summary>
    public DatasetInfo? Catalog { get; }

    /// <summary>True for an image folder or an image dataset of the catalog.</summary>
    public bool IsImages => Catalog is { IsTabular: false } || (Catalog is null && Directory.Exists(Argument));

    /// <summary>The column to predict when none is named: the catalog dataset's target; null for a file.</summary>
    public string? DefaultTarget => Catalog?.Target;

    /// <summary>The data's name in tracking: the dataset's, or the file's (folder's) name.</summary>
    public string Name => Catalog?.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Argument)));

    /// <summary>The files the data is read from (what a fingerprint hashes): the dataset's files, or the file itself.</summary>
    public IReadOnlyList<string> Files => Catalog?.Files ?? [Argument];

    /// <summary>How the data is named in what lepton prints: the path, or the dataset with where its files are.</summary>
    public string Description => Catalog is null
        ? Argument
        : $"{Catalog.Name} (the catalog's dataset, read from {(Catalog.Files.Count == 1 ? Catalog.Files[0] : Path.GetDirectoryName(Catalog.Files[0]))})";

    /// <summary>The file or folder <paramref name="argument"/> names if it exists, else the catalog dataset.</summary>
    /// <exception cref="CliException">Neither a file, a folder nor a catalog dataset.</exception>
    public static DataInput Resolve(string argument)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(argument);
        if (File.Exists(argument) || Directory.Exists(argument)) return new DataInput(argument, null);
        try
        {
            return new DataInput(argument, DatasetCatalog.Describe(argument));
        }
        catch (KeyNotFoundException)
        {
            throw new CliException(
                $"{argument}: no such file or folder, and no catalog dataset of that name (the catalog: {string.Join(", ", DatasetCatalog.All.Select(d => d.Name))}). " +
                "Give a CSV, TSV, JSON, JSON Lines or Parquet table, an image folder, or one of those names.");
        }
    }

    /// <summary>The table: the file read with <paramref name="reading"/>, or the catalog dataset (whose files need no reading options).</summary>
    /// <exception cref="CliException">The file cannot be read, the dataset holds images, or its package is not installed.</exception>
    public async Task<Table> ReadTableAsync(TableReadOptions reading, CancellationToken cancellationToken)
    {
        if (Catalog is null)
        {
            if (Directory.Exists(Argument)) throw new CliException($"{Argument} is a folder; give a table file (CSV, TSV, JSON, JSON Lines or Parquet).");
            try
            {
                return await Table.ReadAsync(Argument, reading, cancellationToken);
            }
            catch (TableReadException e)
            {
                throw new CliException(DataReadOptions.Describe(e));
            }
        }
        if (!Catalog.IsTabular)
            throw new CliException($"{Catalog.Name} holds images, not a table: train on it with `lepton train {Catalog.Name}`, evaluate an image model on it with `lepton evaluate MODEL {Catalog.Name}`.");
        try
        {
            return await DatasetCatalog.LoadAsync(Catalog.Name, cancellationToken);
        }
        catch (DatasetNotFoundException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>The table, read synchronously; see <see cref="ReadTableAsync"/>.</summary>
    public Table ReadTable(TableReadOptions reading) => ReadTableAsync(reading, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The images to train on: the folder listed, or the catalog dataset loaded with its own training and test sets.</summary>
    /// <exception cref="CliException">The folder cannot be listed (the message says why), or the dataset is not installed.</exception>
    public ImageSource OpenImages(CancellationToken cancellationToken)
    {
        if (Catalog is null)
        {
            try
            {
                return ImageSource.FromFolder(ImageFolder.Open(Argument, cancellationToken));
            }
            catch (ImageFolderException e)
            {
                throw new CliException(e.Message);
            }
        }
        var (train, test) = LoadImages();
        using (train)
        using (test)
        {
            // Fashion-MNIST is the catalog's one image dataset.
            return ImageSource.FromDatasets(Catalog.Name, train, test, FashionMnist.ImageFormat);
        }
    }

    /// <summary>The catalog image dataset's training and test sets; the caller disposes both.</summary>
    /// <exception cref="CliException">The dataset is a table, or it is not installed (the message names the package).</exception>
    public (Lepton.Data.TensorDataset Train, Lepton.Data.TensorDataset Test) LoadImages()
    {
        if (Catalog is not { IsTabular: false }) throw new CliException($"{Argument} is not an image dataset of the catalog.");
        try
        {
            return DatasetCatalog.LoadImages(Catalog.Name);
        }
        catch (DatasetNotFoundException e)
        {
            throw new CliException(e.Message);
        }
    }
}
