using System.Globalization;
using System.IO.Compression;
using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Data.Datasets;

/// <summary>
/// Datasets loaded by name, like Keras's <c>datasets</c>: Fashion-MNIST and scikit-learn's small tables (iris, wine,
/// breast_cancer, digits, diabetes), read from the files their Debian packages install.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>The environment variable that names a folder holding scikit-learn's data files instead of Debian's.</summary>
    public const string SklearnFolderVariable = "LEPTON_SKLEARN_DATA";

    /// <summary>Where Debian's <c>python3-sklearn</c> installs the data files.</summary>
    internal const string SklearnDebianFolder = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    private const string SklearnPackage = "python3-sklearn";

    private static readonly string[] BreastCancerFeatures =
        [.. new[] { "mean", "error", "worst" }.SelectMany(group => new[]
            { "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave_points", "symmetry", "fractal_dimension" }
            .Select(measure => group == "mean" ? $"mean_{measure}" : $"{measure}_{group}"))];

    /// <summary>The folder scikit-learn's files are read from: <c>LEPTON_SKLEARN_DATA</c> if set, else where Debian's <c>python3-sklearn</c> installs them.</summary>
    public static string SklearnFolder
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(SklearnFolderVariable);
            return string.IsNullOrWhiteSpace(configured) ? SklearnDebianFolder : configured;
        }
    }

    /// <summary>Every dataset, installed or not, by name.</summary>
    public static IReadOnlyList<DatasetInfo> All =>
    [
        new()
        {
            Name = "fashion-mnist",
            Description = "70,000 grayscale 28×28 images of clothing in 10 classes (60,000 to train, 10,000 to test); the drop-in successor of MNIST.",
            IsTabular = false,
            Rows = 70_000,
            Features = ["28×28 pixels, 0–255"],
            Target = "label",
            ClassNames = FashionMnist.ClassNames,
            Files = FashionMnistFiles(),
            Package = "dataset-fashion-mnist",
        },
        Sklearn("iris", "Fisher's iris flowers: four measurements of 150 flowers, 50 of each of three species. The classic first classification problem.",
            150, ["sepal_length", "sepal_width", "petal_length", "petal_width"], "species", ["setosa", "versicolor", "virginica"], "iris.csv"),
        Sklearn("wine", "Chemical analysis of 178 Italian wines from three cultivars: 13 constituents such as alcohol, flavanoids and proline.",
            178, ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids", "nonflavanoid_phenols",
                "proanthocyanins", "color_intensity", "hue", "od280_od315_of_diluted_wines", "proline"], "cultivar", ["class_0", "class_1", "class_2"], "wine_data.csv"),
        Sklearn("breast_cancer", "Wisconsin diagnostic breast cancer: 30 features of cell nuclei in 569 digitised fine-needle aspirates, malignant or benign.",
            569, BreastCancerFeatures, "diagnosis", ["malignant", "benign"], "breast_cancer.csv"),
        Sklearn("digits", "1,797 handwritten digits as 8×8 images of 0–16 gray levels, one column per pixel (pixel_row_col).",
            1797, [.. Enumerable.Range(0, 64).Select(i => $"pixel_{i / 8}_{i % 8}")], "digit", [.. Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture))], "digits.csv.gz"),
        Sklearn("diabetes", "442 diabetes patients: age, sex, body mass index, blood pressure and six blood serum measurements (raw, not scaled); the target is disease progression one year later.",
            442, ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"], "progression", [], "diabetes_data_raw.csv.gz", "diabetes_target.csv.gz"),
    ];

    /// <summary>The dataset with this name (case-insensitive; <c>_</c> and <c>-</c> alike).</summary>
    /// <exception cref="KeyNotFoundException">There is no such dataset; the message lists the names.</exception>
    public static DatasetInfo Describe(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = Normalize(name);
        return All.FirstOrDefault(d => Normalize(d.Name) == key)
            ?? throw new KeyNotFoundException($"There is no dataset '{name}'. Datasets: {string.Join(", ", All.Select(d => d.Name))}.");
    }

    /// <summary>Loads a tabular dataset as a <see cref="Table"/>: named feature columns, then the target (class names for classification).</summary>
    /// <exception cref="KeyNotFoundException">There is no such dataset.</exception>
    /// <exception cref="NotSupportedException">The dataset holds images; use <see cref="LoadImages"/>.</exception>
    /// <exception cref="DatasetNotFoundException">Its files are missing; the message names the package to install.</exception>
    public static Table Load(string name)
    {
        var info = Describe(name);
        if (!info.IsTabular)
            throw new NotSupportedException($"{info.Name} holds images, not a table: load it with DatasetCatalog.LoadImages(\"{info.Name}\") or FashionMnist.Load().");
        EnsureInstalled(info);

        var temp = Path.Combine(Path.GetTempPath(), $"lepton-{info.Name}-{Guid.NewGuid():N}.csv");
        try
        {
            WriteCsv(info, temp);
            var kinds = info.ClassNames.Count > 0 ? new Dictionary<string, ColumnKind> { [info.Target] = ColumnKind.Categorical } : null;
            var read = Table.Read(temp, new TableReadOptions { HasHeader = true, Delimiter = ',', SkipLines = 0, ColumnKinds = kinds });
            // The table reads as the dataset's own files, not the temporary CSV it was assembled in.
            var summary = new TableReadSummary
            {
                FilePath = info.Files[0],
                Format = read.ReadSummary.Format,
                RowsRead = read.ReadSummary.RowsRead,
                RowsKept = read.ReadSummary.RowsKept,
                Delimiter = read.ReadSummary.Delimiter,
                HasHeader = read.ReadSummary.HasHeader,
            };
            return new Table(read.Session, read.Columns, read.RowCount, summary) { SampleDistinct = read.SampleDistinct };
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Loads a tabular dataset on a worker thread; see <see cref="Load"/>.</summary>
    public static Task<Table> LoadAsync(string name, CancellationToken cancellationToken = default) => Task.Run(() => Load(name), cancellationToken);

    /// <summary>Loads an image dataset (Fashion-MNIST) as training and test sets; see <see cref="FashionMnist.Load"/>.</summary>
    /// <exception cref="NotSupportedException">The dataset is a table; use <see cref="Load"/>.</exception>
    public static (TensorDataset Train, TensorDataset Test) LoadImages(string name)
    {
        var info = Describe(name);
        if (info.IsTabular) throw new NotSupportedException($"{info.Name} is a table, not images: load it with DatasetCatalog.Load(\"{info.Name}\").");
        return FashionMnist.Load();
    }

    private static DatasetInfo Sklearn(string name, string description, int rows, IReadOnlyList<string> features, string target, IReadOnlyList<string> classes, params string[] files) => new()
    {
        Name = name,
        Description = description,
        IsTabular = true,
        Rows = rows,
        Features = features,
        Target = target,
        ClassNames = classes,
        Files = [.. files.Select(f => Path.Combine(SklearnFolder, f))],
        Package = SklearnPackage,
    };

    private static IReadOnlyList<string> FashionMnistFiles()
    {
        try
        {
            return FashionMnist.Files();
        }
        catch (DatasetNotFoundException)
        {
            return [.. new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" }
                .Select(f => Path.Combine(FashionMnist.DefaultFolder, f + ".gz"))];
        }
    }

    private static void EnsureInstalled(DatasetInfo info)
    {
        var missing = info.Files.FirstOrDefault(f => !File.Exists(f));
        if (missing is null) return;
        var folder = Path.GetDirectoryName(missing)!;
        throw new DatasetNotFoundException(info.Name, folder, missing,
            $"The {info.Name} dataset is not installed: {missing} is missing. Install it with `sudo apt-get install {info.Package}`" +
            (info.Package == SklearnPackage ? $", or set {SklearnFolderVariable} to a folder holding scikit-learn's data files." : "."));
    }

    /// <summary>Writes the dataset as a CSV with a header of names, the target last (as class names for classification).</summary>
    private static void WriteCsv(DatasetInfo info, string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.WriteLine(string.Join(',', info.Features.Append(info.Target)));
        if (info.Name == "diabetes")
        {
            // Features (space-separated) and target are two files, row for row.
            var features = Lines(info.Files[0]).ToList();
            var targets = Lines(info.Files[1]).ToList();
            if (features.Count != targets.Count)
                throw new InvalidDataException($"{info.Files[0]} has {features.Count} rows but {info.Files[1]} has {targets.Count}; the files do not belong together.");
            for (var i = 0; i < features.Count; i++)
            {
                var target = double.Parse(targets[i], NumberStyles.Float, CultureInfo.InvariantCulture);
                writer.WriteLine(string.Join(',', features[i].Split(' ', StringSplitOptions.RemoveEmptyEntries)) + "," + target.ToString("R", CultureInfo.InvariantCulture));
            }

            return;
        }

        // iris, wine and breast_cancer start with a line of counts and class names; digits has none.
        var lines = Lines(info.Files[0]);
        if (info.Name != "digits") lines = lines.Skip(1);
        var row = 0;
        foreach (var line in lines)
        {
            row++;
            var fields = line.Split(',');
            if (fields.Length != info.Features.Count + 1)
                throw new InvalidDataException($"{info.Files[0]}: data row {row} has {fields.Length} fields, expected {info.Features.Count + 1}.");
            var label = int.Parse(fields[^1], NumberStyles.Integer, CultureInfo.InvariantCulture);
            fields[^1] = info.ClassNames[label];
            writer.WriteLine(string.Join(',', fields));
        }
    }

    private static IEnumerable<string> Lines(string path)
    {
        using var file = File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0) yield return line.Trim();
        }
    }

    private static string Normalize(string name) => name.Trim().ToLowerInvariant().Replace('_', '-');
}
