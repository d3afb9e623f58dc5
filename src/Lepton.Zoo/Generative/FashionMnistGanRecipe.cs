using System.Globalization;
using Lepton.Data;
using Lepton.Data.Datasets;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Training;
using Lepton.Nn.Zoo;
using static TorchSharp.torch;

namespace Lepton.Zoo.Generative;

/// <summary>
/// <c>gan</c>: a DCGAN on Fashion-MNIST. Judged by the classifier score, the Inception Score's formula with Lepton's own
/// <c>batchnorm</c> Fashion-MNIST classifier in place of Inception, beside the Fréchet distance on that classifier's
/// penultimate features against the test set; real test images' two scores are printed beside, as the ceiling.
/// </summary>
internal sealed class FashionMnistGanRecipe : ZooRecipe
{
    public const string SamplesFile = "samples.png";
    public const string ClassifierFile = "classifier.lepton";
    private const int Latent = 100;

    public override string Name => "gan";

    public override string Description => "DCGAN on Fashion-MNIST (two optimizers, discriminator and generator steps alternating); a sample grid as PNG";

    public override string Metric => "classifier_score";

    public override MetricDirection Direction => MetricDirection.Maximize;

    public override string Goal => "≥ 7.0 (real test images score about 9)";

    public override IReadOnlyDictionary<string, string> Options { get; } = new Dictionary<string, string>
    {
        ["epochs"] = "epochs of the GAN (default 20; 1 with --quick)",
        ["classifier"] = "a .lepton Fashion-MNIST classifier to score with (e.g. from lepton quickstart --recipe batchnorm); by default the recipe trains " +
            "the batchnorm recipe for 15 epochs once and keeps it as classifier.lepton in the output folder",
    };

    public override RecipeResult Run(RecipeContext context)
    {
        var epochs = context.IntOption("epochs", context.Quick ? 1 : 20, 1, 10_000);
        var (trainSet, testSet) = FashionMnist.Load(context.Data);
        using var _ = trainSet;
        using var __ = testSet;
        var trainCount = context.Quick ? 1_024 : (int)trainSet.Input().shape[0];
        var scored = context.Quick ? 500 : 10_000;
        var classifier = Classifier(context, trainSet, testSet, trainCount, out var classifierAccuracy);

        using var real = new TensorDataset(trainSet.Input().narrow(0, 0, trainCount), null);
        var gan = Create();
        gan.Build([FashionMnist.ImageFormat.Shape]);
        context.Log.WriteLine($"DCGAN: {real.Count:N0} training images, noise of width {Latent}, {epochs} epochs.");
        gan.Fit(real, epochs, batchSize: 128, callbacks: [.. context.Callbacks], verbose: context.Verbosity, cancellationToken: context.CancellationToken);

        using var scope = NewDisposeScope();
        var generated = Generate(gan, scored);
        var test = testSet.Input().narrow(0, 0, scored);
        var reference = trainSet.Input().narrow(0, trainSet.Input().shape[0] - scored, scored);
        var score = ClassifierScores.InceptionScore(ClassifierScores.Probabilities(classifier, generated));
        var frechet = ClassifierScores.FrechetDistance(ClassifierScores.Features(classifier, generated), ClassifierScores.Features(classifier, test));
        var realScore = ClassifierScores.InceptionScore(ClassifierScores.Probabilities(classifier, test));
        var realFrechet = ClassifierScores.FrechetDistance(ClassifierScores.Features(classifier, reference), ClassifierScores.Features(classifier, test));
        var samples = GeneratedImages.SaveGrid(generated.narrow(0, 0, 64), 8, context.OutputPath(SamplesFile));

        gan.Metadata.Description = $"DCGAN of Fashion-MNIST images (noise width {Latent}); the output is the discriminator's logit, Gan.Generate draws images.";
        FashionMnist.ImageFormat.WriteTo(gan.Metadata.Preprocessing);
        return new RecipeResult
        {
            Value = score,
            Model = gan,
            Figures = new Dictionary<string, double>
            {
                ["frechet_distance"] = frechet,
                ["real_classifier_score"] = realScore,
                ["real_frechet_distance"] = realFrechet,
                ["classifier_accuracy"] = classifierAccuracy,
            },
            Parameters = new Dictionary<string, object?>
            {
                ["epochs"] = epochs, ["batch_size"] = 128, ["latent"] = Latent, ["optimizers"] = "adam 2e-4 beta1 0.5 (both)",
                ["train_images"] = trainCount, ["scored_images"] = scored,
            },
            Files = [samples],
        };
    }

    /// <summary>DCGAN's shapes, scaled to 28 × 28: 7 × 7 × 128 up to 28 × 28 × 1 through two stride-2 transposed convolutions.</summary>
    internal static Gan Create() => new(
        new Sequential([
            new Dense(128 * 7 * 7, useBias: false), new BatchNorm(), new Activation("relu"), new Reshape([128, 7, 7]),
            new Conv2DTranspose(64, 4, strides: 2, padding: "same", useBias: false), new BatchNorm(), new Activation("relu"),
            new Conv2DTranspose(1, 4, strides: 2, padding: "same", activation: "sigmoid")]),
        new Sequential([
            new Conv2D(64, 4, strides: 2, padding: "same"), new Activation("leaky_relu"),
            new Conv2D(128, 4, strides: 2, padding: "same", useBias: false), new BatchNorm(), new Activation("leaky_relu"),
            new Flatten(), new Dense(1)]),
        Latent,
        name: "fashion_mnist_dcgan");

    private static Tensor Generate(Gan gan, int count)
    {
        var parts = new List<Tensor>();
        for (var done = 0; done < count; done += 500) parts.Add(gan.Generate(Math.Min(500, count - done)).cpu());
        var all = cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return all;
    }

    /// <summary>The scoring classifier: the one given, the one kept from an earlier run, or the batchnorm recipe trained now.</summary>
    private static Sequential Classifier(RecipeContext context, TensorDataset train, TensorDataset test, int trainCount, out double accuracy)
    {
        Model model;
        var kept = context.OutputPath(ClassifierFile);
        if (context.Options.TryGetValue("classifier", out var given) || (!context.Quick && File.Exists(kept)))
        {
            var path = given ?? kept;
            model = Model.Load(path);
            context.Log.WriteLine($"Scoring with the classifier {path}{(given is null ? " (kept from an earlier run; delete it to train a new one)" : "")}.");
        }
        else
        {
            var recipe = ImageRecipe.BatchNorm;
            var epochs = context.Quick ? 1 : recipe.DefaultEpochs;
            using var data = new TensorDataset(train.Input().narrow(0, 0, trainCount).alias(), train.Target!.narrow(0, 0, trainCount).alias(), train.ClassNames);
            model = recipe.CreateModel(FashionMnist.ImageFormat.Shape, FashionMnist.ClassNames.Count, (long)Math.Ceiling(trainCount / 128.0) * epochs);
            context.Log.WriteLine($"Training the scoring classifier (recipe {recipe.Name}, {epochs} epochs on {trainCount:N0} images) ...");
            model.Fit(recipe.Augment(data), epochs, 128, callbacks: [new ProgressLogger(context.Log, live: false)], verbose: Verbosity.Silent, cancellationToken: context.CancellationToken);
            if (!context.Quick) model.Save(kept);
        }
        if (model is not Sequential sequential || !sequential.OutputShape.Equals(new Shape(FashionMnist.ClassNames.Count)) || !sequential.InputShapes[0].Accepts(FashionMnist.ImageFormat.Shape))
            throw new ArgumentException($"The scoring classifier must be a Sequential taking {FashionMnist.ImageFormat.Shape.ToBatchString()} Fashion-MNIST images to {FashionMnist.ClassNames.Count} class scores.");
        accuracy = sequential.Evaluate(test, 500, new Nn.Metrics.Accuracy())["accuracy"];
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The scoring classifier's test accuracy: {accuracy:0.0000}."));
        return sequential;
    }
}
