using System.Globalization;
using System.Text;
using Lepton.Data;
using Lepton.Data.Datasets;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Zoo.Anomaly;

/// <summary>
/// <c>anomaly</c>: a dense autoencoder learns benign breast-cancer biopsies (scikit-learn's breast_cancer) and flags
/// malignant ones by their reconstruction error. Judged by ROC-AUC on held-out benign and all malignant rows.
/// </summary>
internal sealed class BreastCancerAnomalyRecipe : ZooRecipe
{
    /// <summary>The file listing which rows trained, validated and tested, for a peer to use the same split.</summary>
    public const string SplitFile = "anomaly-split.csv";

    private const string Target = "diagnosis";
    private const string Normal = "benign";

    public override string Name => "anomaly";

    public override string Description => "dense autoencoder on benign breast-cancer rows; malignant rows flagged by reconstruction error";

    public override string Metric => "roc_auc";

    public override MetricDirection Direction => MetricDirection.Maximize;

    public override string Goal => "≥ scikit-learn's IsolationForest on the same split";

    public override IReadOnlyDictionary<string, string> Options { get; } = new Dictionary<string, string>
    {
        ["latent"] = "the code's width (default 4)",
        ["epochs"] = "the most epochs (default 400; early stopping on the validation rows ends sooner)",
    };

    public override RecipeResult Run(RecipeContext context)
    {
        if (context.Data is not null)
            throw new ArgumentException($"The {Name} recipe reads scikit-learn's breast_cancer; to read it from another folder set {DatasetCatalog.SklearnFolderVariable}, not --data.");
        var latent = context.IntOption("latent", 4, 1, 30);
        var epochs = context.IntOption("epochs", context.Quick ? 20 : 400, 1, 100_000);

        using var table = DatasetCatalog.Load("breast_cancer");
        var features = table.Columns.Select(c => c.Name).Where(n => n != Target).ToArray();
        var columns = features.Select(f => table.GetDoubles(f)).ToArray();
        var labels = table.GetStrings(Target);
        var rows = (int)table.RowCount;
        var values = new float[rows * features.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < features.Length; c++)
                values[r * features.Length + c] = (float)(columns[c][r] ?? throw new InvalidDataException($"breast_cancer row {r + 1}, column {features[c]} is missing."));
        }

        // Benign rows: 60% train, 10% validate (early stopping, threshold), 30% test; every malignant row tests.
        var random = LeptonRuntime.CreateRandom();
        var benign = Enumerable.Range(0, rows).Where(r => labels[r] == Normal).OrderBy(_ => random.Next()).ToArray();
        var malignant = Enumerable.Range(0, rows).Where(r => labels[r] != Normal).ToArray();
        var trainCount = (int)(benign.Length * 0.6);
        var validationCount = (int)(benign.Length * 0.1);
        var train = benign[..trainCount];
        var validation = benign[trainCount..(trainCount + validationCount)];
        var test = benign[(trainCount + validationCount)..].Concat(malignant).ToArray();
        var isAnomaly = test.Select(r => labels[r] != Normal).ToArray();

        using var all = tensor(values, [rows, features.Length]);
        using var trainX = Rows(all, train);
        using var validationX = Rows(all, validation);
        using var testX = Rows(all, test);

        var detector = new AnomalyAutoencoder(
            new Sequential([new Dense(16, "relu"), new Dense(latent)]),
            new Sequential([new Dense(16, "relu"), new Dense(features.Length)]),
            new Adam(1e-3), "breast_cancer_anomaly");
        detector.Build([new Shape(features.Length)]);
        detector.Adapt(trainX);
        context.Log.WriteLine($"breast_cancer: {train.Length} benign rows train, {validation.Length} validate; {test.Length} test ({isAnomaly.Count(a => a)} malignant).");

        using var trainData = new TensorDataset(trainX.alias(), null);
        using var validationData = new TensorDataset(validationX.alias(), null);
        using var stopping = new EarlyStopping("val_reconstruction", patience: 40, restoreBestWeights: true);
        var history = detector.Fit(trainData, epochs, batchSize: 16, validationData: validationData,
            callbacks: [stopping, .. context.Callbacks], verbose: context.Verbosity, cancellationToken: context.CancellationToken);

        var validationScores = AnomalyScores.Of(detector, validationX);
        detector.Threshold = AnomalyScores.Quantile(validationScores, 0.95);
        var scores = AnomalyScores.Of(detector, testX);
        var auc = AnomalyScores.RocAuc(scores, isAnomaly);
        var (recall, falseAlarms) = AnomalyScores.At(scores, isAnomaly, detector.Threshold);

        detector.Metadata.Description = "Anomaly score (mean squared reconstruction error of the standardized features) of a breast-cancer biopsy's 30 features; " +
            "trained on benign rows only. Scores above the threshold in the model file are flagged.";
        var split = WriteSplit(context, train, validation, test, labels);
        return new RecipeResult
        {
            Value = auc,
            Model = detector,
            Figures = new Dictionary<string, double>
            {
                ["threshold"] = detector.Threshold,
                ["recall_at_threshold"] = recall,
                ["false_alarm_rate_at_threshold"] = falseAlarms,
                ["epochs_trained"] = history.Epochs.Count,
            },
            Parameters = new Dictionary<string, object?>
            {
                ["latent"] = latent, ["max_epochs"] = epochs, ["train_rows"] = train.Length, ["validation_rows"] = validation.Length,
                ["test_rows"] = test.Length, ["test_anomalies"] = isAnomaly.Count(a => a),
            },
            Files = [split],
        };
    }

    private static Tensor Rows(Tensor all, int[] rows)
    {
        using var index = tensor(rows.Select(r => (long)r).ToArray());
        return all.index_select(0, index);
    }

    /// <summary>Writes row (0-based, in the file's order), role and label, atomically.</summary>
    private static string WriteSplit(RecipeContext context, int[] train, int[] validation, int[] test, string?[] labels)
    {
        var text = new StringBuilder("row,role,label\n");
        foreach (var (role, rows) in new[] { ("train", train), ("validation", validation), ("test", test) })
        {
            foreach (var r in rows) text.Append(CultureInfo.InvariantCulture, $"{r},{role},{labels[r]}\n");
        }
        var path = context.OutputPath(SplitFile);
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(text.ToString()));
        return path;
    }
}
