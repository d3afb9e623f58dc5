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
/// <c>autoencoder</c>: a convolutional autoencoder learns nine of Fashion-MNIST's ten classes; images of the tenth,
/// never seen in training, are flagged by their reconstruction error. Judged by ROC-AUC over the whole test set.
/// </summary>
internal sealed class FashionMnistAutoencoderRecipe : ZooRecipe
{
    /// <summary>What a peer needs to train on the same images: the held-out class and how many rows trained and validated.</summary>
    public const string SplitFile = "autoencoder-split.json";

    /// <summary>The picture of test images above their reconstructions.</summary>
    public const string PictureFile = "reconstructions.png";

    public override string Name => "autoencoder";

    public override string Description => "convolutional autoencoder on nine Fashion-MNIST classes; the held-out tenth flagged by reconstruction error";

    public override string Metric => "roc_auc";

    public override MetricDirection Direction => MetricDirection.Maximize;

    public override string Goal => "≥ scikit-learn's IsolationForest on the same images";

    public override IReadOnlyDictionary<string, string> Options { get; } = new Dictionary<string, string>
    {
        ["holdout"] = "the class index (0–9) left out of training, the anomalies (default 0, T-shirt/top)",
        ["latent"] = "the code's width (default 32)",
        ["epochs"] = "epochs (default 10; 1 with --quick)",
    };

    public override RecipeResult Run(RecipeContext context)
    {
        var holdout = context.IntOption("holdout", 0, 0, FashionMnist.ClassNames.Count - 1);
        var latent = context.IntOption("latent", 32, 1, 4096);
        var epochs = context.IntOption("epochs", context.Quick ? 1 : 10, 1, 10_000);

        var (trainSet, testSet) = FashionMnist.Load(context.Data);
        using var _ = trainSet;
        using var __ = testSet;
        using var normal = Select(trainSet, l => l != holdout, context.Quick ? 3_000 : int.MaxValue);
        var validationCount = normal.Images.shape[0] / 20;
        var trainCount = normal.Images.shape[0] - validationCount;
        using var trainImages = normal.Images.narrow(0, 0, trainCount);
        using var validationImages = normal.Images.narrow(0, trainCount, validationCount);
        using var test = Select(testSet, _ => true, context.Quick ? 2_000 : int.MaxValue);
        var isAnomaly = test.Labels.Select(l => l == holdout).ToArray();
        context.Log.WriteLine($"Fashion-MNIST without '{FashionMnist.ClassNames[holdout]}': {trainCount:N0} training and {validationCount:N0} validation images; " +
            $"{isAnomaly.Length:N0} test images, {isAnomaly.Count(a => a):N0} of them '{FashionMnist.ClassNames[holdout]}'.");

        var shape = FashionMnist.ImageFormat.Shape;
        var detector = new AnomalyAutoencoder(Encoder(latent), Decoder(), new Adam(1e-3), "fashion_mnist_autoencoder");
        detector.Build([shape]);
        using var trainData = new TensorDataset(trainImages.alias(), null);
        using var validationData = new TensorDataset(validationImages.alias(), null);
        var history = detector.Fit(trainData, epochs, batchSize: 128, validationData: validationData,
            callbacks: [.. context.Callbacks], verbose: context.Verbosity, cancellationToken: context.CancellationToken);

        detector.Threshold = AnomalyScores.Quantile(AnomalyScores.Of(detector, validationImages), 0.95);
        var scores = AnomalyScores.Of(detector, test.Images);
        var auc = AnomalyScores.RocAuc(scores, isAnomaly);
        var (recall, falseAlarms) = AnomalyScores.At(scores, isAnomaly, detector.Threshold);

        detector.Metadata.ClassNames = [];
        detector.Metadata.Description = $"Anomaly score (mean squared reconstruction error) of a 28×28 Fashion-MNIST image; trained without class '{FashionMnist.ClassNames[holdout]}'.";
        FashionMnist.ImageFormat.WriteTo(detector.Metadata.Preprocessing);
        var picture = DrawReconstructions(context, detector, test.Images, isAnomaly);
        var split = context.OutputPath(SplitFile);
        AtomicFile.Write(split, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"holdout\": {holdout}, \"train\": {trainCount}, \"validation\": {validationCount}, \"test\": {isAnomaly.Length}, " +
            $"\"rule\": \"training images whose label is not holdout, in file order: the first 'train' train, the next 'validation' validate; the first 'test' test images test\"}}\n")));
        return new RecipeResult
        {
            Value = auc,
            Model = detector,
            Figures = new Dictionary<string, double>
            {
                ["threshold"] = detector.Threshold,
                ["recall_at_threshold"] = recall,
                ["false_alarm_rate_at_threshold"] = falseAlarms,
                ["val_reconstruction"] = history.Values.TryGetValue("val_reconstruction", out var v) && v.Count > 0 ? v[^1] : double.NaN,
            },
            Parameters = new Dictionary<string, object?>
            {
                ["holdout"] = holdout, ["holdout_class"] = FashionMnist.ClassNames[holdout], ["latent"] = latent, ["epochs"] = epochs,
                ["train_images"] = trainCount, ["validation_images"] = validationCount, ["test_images"] = isAnomaly.Length,
            },
            Files = [picture, split],
        };
    }

    private static Sequential Encoder(int latent) => new(
        [new Conv2D(16, 3, strides: 2, padding: "same", activation: "relu"), new Conv2D(32, 3, strides: 2, padding: "same", activation: "relu"), new Flatten(), new Dense(latent)]);

    private static Sequential Decoder() => new(
        [new Dense(32 * 7 * 7, "relu"), new Reshape([32, 7, 7]),
         new Conv2DTranspose(16, 3, strides: 2, padding: "same", activation: "relu"), new Conv2DTranspose(1, 3, strides: 2, padding: "same", activation: "sigmoid")]);

    /// <summary>Eight normal and eight held-out test images (top rows) above their reconstructions (bottom rows), as one PNG.</summary>
    private static string DrawReconstructions(RecipeContext context, AnomalyAutoencoder detector, Tensor images, bool[] isAnomaly)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var picks = isAnomaly.Select((a, i) => (a, i)).Where(p => !p.a).Take(8).Concat(isAnomaly.Select((a, i) => (a, i)).Where(p => p.a).Take(8))
            .Select(p => (long)p.i).ToArray();
        var originals = images.index_select(0, tensor(picks));
        var wasTraining = detector.training;
        detector.eval();
        var rebuilt = detector.Reconstruct(originals).clamp(0, 1);
        detector.train(wasTraining);
        // Each row of eight originals is followed by the row of their reconstructions.
        var rows = new List<Tensor>();
        for (var from = 0; from < picks.Length; from += 8)
        {
            var count = Math.Min(8, picks.Length - from);
            rows.Add(originals.narrow(0, from, count));
            rows.Add(rebuilt.narrow(0, from, count));
        }
        return Generative.GeneratedImages.SaveGrid(cat(rows, 0), 8, context.OutputPath(PictureFile));
    }

    private static LabelledImages Select(TensorDataset data, Func<long, bool> keep, int limit)
    {
        var labels = data.Target!.data<long>().ToArray();
        var rows = Enumerable.Range(0, labels.Length).Where(i => keep(labels[i])).Take(limit).Select(i => (long)i).ToArray();
        using var index = tensor(rows);
        return new LabelledImages(data.Input().index_select(0, index), rows.Select(r => labels[r]).ToArray());
    }

    private sealed record LabelledImages(Tensor Images, long[] Labels) : IDisposable
    {
        public void Dispose() => Images.Dispose();
    }
}
