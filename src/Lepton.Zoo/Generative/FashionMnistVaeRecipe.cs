using Lepton.Data;
using Lepton.Data.Datasets;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Zoo.Generative;

/// <summary>
/// <c>vae</c>: a convolutional variational autoencoder on Fashion-MNIST (the layout of Keras's VAE example). Judged by the
/// negative ELBO on the test set in nats per image (Bernoulli pixels); draws a grid of samples and the 2-D latent map.
/// </summary>
internal sealed class FashionMnistVaeRecipe : ZooRecipe
{
    public const string SamplesFile = "samples.png";
    public const string LatentMapFile = "latent-map.png";
    public const string ManifoldFile = "manifold.png";

    public override string Name => "vae";

    public override string Description => "convolutional VAE on Fashion-MNIST (reparameterization, KL + reconstruction); samples and the latent map as PNGs";

    public override string Metric => "neg_elbo";

    public override MetricDirection Direction => MetricDirection.Minimize;

    public override string Goal => "lower is better; within 2% of PyTorch's same model and loop (benchmark)";

    public override IReadOnlyDictionary<string, string> Options { get; } = new Dictionary<string, string>
    {
        ["latent"] = "the code's width (default 2, so the latent map shows all of it)",
        ["epochs"] = "epochs (default 20; 1 with --quick)",
    };

    public override RecipeResult Run(RecipeContext context)
    {
        var latent = context.IntOption("latent", 2, 1, 1024);
        var epochs = context.IntOption("epochs", context.Quick ? 1 : 20, 1, 10_000);
        var (trainSet, testSet) = FashionMnist.Load(context.Data);
        using var _ = trainSet;
        using var __ = testSet;
        var available = context.Quick ? 2_000 : (int)trainSet.Input().shape[0];
        var validationCount = context.Quick ? 500 : 5_000;
        var testCount = context.Quick ? 1_000 : (int)testSet.Input().shape[0];
        using var train = new TensorDataset(trainSet.Input().narrow(0, 0, available - validationCount), null);
        using var validation = new TensorDataset(trainSet.Input().narrow(0, available - validationCount, validationCount), null);
        using var test = new TensorDataset(testSet.Input().narrow(0, 0, testCount), null);
        context.Log.WriteLine($"Fashion-MNIST: {train.Count:N0} training, {validation.Count:N0} validation (the last of the training file) and {test.Count:N0} test images.");

        var vae = Create(latent);
        vae.Build([FashionMnist.ImageFormat.Shape]);
        var history = vae.Fit(train, epochs, batchSize: 128, validationData: validation,
            callbacks: [.. context.Callbacks], verbose: context.Verbosity, cancellationToken: context.CancellationToken);
        var scores = vae.Evaluate(test, batchSize: 500);

        vae.Metadata.Description = $"Variational autoencoder of Fashion-MNIST images: the output is the {latent}-D code's mean.";
        FashionMnist.ImageFormat.WriteTo(vae.Metadata.Preprocessing);
        List<string> files = [Samples(context, vae), Map(context, vae, testSet, testCount)];
        if (latent == 2) files.Add(Manifold(context, vae));
        return new RecipeResult
        {
            Value = scores["loss"],
            Model = vae,
            Figures = new Dictionary<string, double>
            {
                ["reconstruction"] = scores["reconstruction"],
                ["kl"] = scores["kl"],
                ["val_neg_elbo"] = history["val_loss"][^1],
            },
            Parameters = new Dictionary<string, object?>
            {
                ["latent"] = latent, ["epochs"] = epochs, ["batch_size"] = 128, ["optimizer"] = "adam 1e-3",
                ["train_images"] = train.Count, ["validation_images"] = validation.Count, ["test_images"] = test.Count,
            },
            Files = files,
        };
    }

    /// <summary>The network of Keras's VAE example: two strided convolutions down, two transposed ones up.</summary>
    internal static VariationalAutoencoder Create(int latent) => new(
        new Sequential([new Conv2D(32, 3, strides: 2, padding: "same", activation: "relu"), new Conv2D(64, 3, strides: 2, padding: "same", activation: "relu"),
            new Flatten(), new Dense(16, "relu")]),
        latent,
        new Sequential([new Dense(64 * 7 * 7, "relu"), new Reshape([64, 7, 7]),
            new Conv2DTranspose(64, 3, strides: 2, padding: "same", activation: "relu"), new Conv2DTranspose(32, 3, strides: 2, padding: "same", activation: "relu"),
            new Conv2DTranspose(1, 3, padding: "same")]),
        new Adam(1e-3),
        "fashion_mnist_vae");

    private static string Samples(RecipeContext context, VariationalAutoencoder vae)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        vae.eval();
        return GeneratedImages.SaveGrid(vae.Decode(randn(64, vae.Latent)), 8, context.OutputPath(SamplesFile));
    }

    /// <summary>Codes decoded over an even 12 × 12 grid from −2 to 2 in both dimensions (Keras's VAE example's figure).</summary>
    private static string Manifold(RecipeContext context, VariationalAutoencoder vae)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        vae.eval();
        const int n = 12;
        var quantiles = Enumerable.Range(0, n).Select(i => -2f + 4f * i / (n - 1)).ToArray();
        var codes = new float[n * n * 2];
        for (var row = 0; row < n; row++)
        {
            for (var col = 0; col < n; col++)
            {
                codes[(row * n + col) * 2] = quantiles[col];
                codes[(row * n + col) * 2 + 1] = quantiles[n - 1 - row];
            }
        }
        return GeneratedImages.SaveGrid(vae.Decode(tensor(codes, [n * n, 2])), n, context.OutputPath(ManifoldFile));
    }

    private static string Map(RecipeContext context, VariationalAutoencoder vae, TensorDataset testSet, int count)
    {
        using var scope = NewDisposeScope();
        using var images = new TensorDataset(testSet.Input().narrow(0, 0, count), null);
        var means = vae.Predict(images, batchSize: 500);
        var x = means[.., 0].contiguous().data<float>().ToArray();
        var y = (vae.Latent > 1 ? means[.., 1] : zeros_like(means[.., 0])).contiguous().data<float>().ToArray();
        var labels = testSet.Target!.narrow(0, 0, count).data<long>().ToArray();
        return LatentMap.Save(x, y, labels, FashionMnist.ClassNames, $"Test images' codes (z mean), {vae.Latent}-D VAE", context.OutputPath(LatentMapFile));
    }
}
