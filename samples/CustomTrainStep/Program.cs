// A GAN written with Lepton's custom training step: it learns a ring of eight Gaussians in the plane.
// Run: dotnet run --project samples/CustomTrainStep -c Release
using Lepton;
using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

LeptonRuntime.Initialize(new RuntimeOptions { Seed = 7 });

// 8,192 points: eight Gaussian blobs (σ 0.05) evenly spaced on a circle of radius 2.
var angle = randint(0, 8, [8192]).to(float32) * (2 * Math.PI / 8);
var points = stack([angle.cos() * 2, angle.sin() * 2], 1) + randn(8192, 2) * 0.05f;
using var data = new TensorDataset(points, null);

var gan = new RingGan();
gan.Fit(data, epochs: 30, batchSize: 256);

// A generated point counts when it lands within 3σ of a blob's centre; a blob is covered when 1% of points land on it.
using var noGrad = no_grad();
var samples = gan.Generate(2000);
var nearest = (atan2(samples[.., 1], samples[.., 0]) / (2 * Math.PI / 8)).round().remainder(8);
var centres = stack([(nearest * (2 * Math.PI / 8)).cos() * 2, (nearest * (2 * Math.PI / 8)).sin() * 2], 1);
var good = (samples - centres).norm(1) < 0.15;
var covered = Enumerable.Range(0, 8).Count(k => (good & nearest.eq(k)).sum().item<long>() >= 20);
Console.WriteLine($"Blobs covered: {covered}/8; points on a blob: {good.to(float32).mean().item<float>():P0}");

/// <summary>Two networks and two optimizers; Fit runs TrainStep on every batch.</summary>
sealed class RingGan : Model
{
    private readonly Sequential _generator = new(new Shape(8), new Dense(64, "relu"), new Dense(64, "relu"), new Dense(2));
    private readonly Sequential _discriminator = new(new Shape(2), new Dense(64, "leaky_relu"), new Dense(64, "leaky_relu"), new Dense(1));
    private readonly Adam _generatorOptimizer = new(1e-3, beta1: 0.5);
    private readonly Adam _discriminatorOptimizer = new(1e-3, beta1: 0.5);
    private readonly BinaryCrossentropy _loss = new(fromLogits: true);

    public RingGan() : base("ring_gan")
    {
        register_module("generator", _generator);
        register_module("discriminator", _discriminator);
    }

    public Tensor Generate(int count) => _generator.Forward(randn(count, 8));

    // Fit builds the model from the data's shape: say what the model outputs (the discriminator's logit).
    protected override Shape Build(Shape input) => _discriminator.OutputShape;

    protected override Tensor Call(Tensor input) => _discriminator.Forward(input);

    protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch)
    {
        var real = batch.Inputs[0];
        var n = real.shape[0];
        var fake = Generate((int)n);

        // The discriminator: real points are 1, generated ones 0 (detached, so this step leaves the generator alone).
        var dLoss = _loss.Compute(_discriminator.Forward(real), ones(n, 1)).mean()
                  + _loss.Compute(_discriminator.Forward(fake.detach()), zeros(n, 1)).mean();
        _discriminatorOptimizer.Minimize(dLoss, _discriminator);

        // The generator: make the discriminator call its points real.
        var gLoss = _loss.Compute(_discriminator.Forward(fake), ones(n, 1)).mean();
        _generatorOptimizer.Minimize(gLoss, _generator);

        // What Fit averages over the epoch and shows in the progress bar, callbacks and tracking.
        return new Dictionary<string, Tensor> { ["d_loss"] = dLoss, ["g_loss"] = gLoss };
    }
}
