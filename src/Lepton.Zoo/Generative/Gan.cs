using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Zoo.Generative;

/// <summary>
/// A generative adversarial network (Goodfellow et al. 2014) with DCGAN's training (Radford et al. 2016): each batch, the
/// discriminator takes one step to tell real examples from generated ones, then the generator takes one step to fool it
/// (the non-saturating loss), each with its own optimizer. Written on <see cref="Model.TrainStep"/>, so
/// <see cref="Model.Fit"/> runs it with its progress, callbacks and tracking; the figures are <c>d_loss</c> and <c>g_loss</c>.
/// Its output is the discriminator's logit; <see cref="Generate"/> draws new examples.
/// </summary>
public sealed class Gan : Model
{
    private readonly Model _generator;
    private readonly Model _discriminator;
    private readonly Optimizer _generatorOptimizer;
    private readonly Optimizer _discriminatorOptimizer;
    private readonly BinaryCrossentropy _loss = new(fromLogits: true);

    /// <summary>Creates a GAN from a generator (noise of width <paramref name="latent"/> → example) and a discriminator (example → one logit).</summary>
    /// <param name="generator">Maps a noise vector to an example in the data's shape and range.</param>
    /// <param name="discriminator">Maps an example to one logit: real above 0, generated below.</param>
    /// <param name="latent">The width of the noise vector.</param>
    /// <param name="generatorOptimizer">The generator's optimizer; DCGAN's Adam (2e-4, β₁ 0.5) by default.</param>
    /// <param name="discriminatorOptimizer">The discriminator's optimizer; DCGAN's Adam (2e-4, β₁ 0.5) by default.</param>
    /// <param name="name">The model's name.</param>
    public Gan(Model generator, Model discriminator, int latent, Optimizer? generatorOptimizer = null, Optimizer? discriminatorOptimizer = null, string? name = null)
        : base(name ?? "gan")
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentOutOfRangeException.ThrowIfLessThan(latent, 1);
        if (ReferenceEquals(generatorOptimizer, discriminatorOptimizer) && generatorOptimizer is not null)
            throw new ArgumentException("The generator and the discriminator need an optimizer each, not one shared: each keeps its own state.", nameof(discriminatorOptimizer));
        _generator = generator;
        _discriminator = discriminator;
        Latent = latent;
        _generatorOptimizer = generatorOptimizer ?? new Adam(2e-4, beta1: 0.5);
        _discriminatorOptimizer = discriminatorOptimizer ?? new Adam(2e-4, beta1: 0.5);
        register_module("generator", generator);
        register_module("discriminator", discriminator);
    }

    internal Gan(LayerConfig config)
        : this(ModelParts.Create(config, "generator", nameof(Gan)), ModelParts.Create(config, "discriminator", nameof(Gan)), config.GetInt("latent"), null, null, config.Name)
    {
    }

    static Gan() => ZooRecipes.RegisterLayers();

    /// <inheritdoc />
    public override IReadOnlyList<Layer>? InferenceChain => [_discriminator];

    /// <summary>The width of the generator's noise vector.</summary>
    public int Latent { get; }

    /// <summary>The part that draws examples from noise.</summary>
    public Model Generator => _generator;

    /// <summary>The part that tells real examples from generated ones.</summary>
    public Model Discriminator => _discriminator;

    /// <inheritdoc />
    public override string TypeName => nameof(Gan);

    /// <inheritdoc />
    public override IReadOnlyList<Layer> Layers => [_generator, _discriminator];

    /// <inheritdoc />
    public override LayerConfig GetConfig() =>
        new LayerConfig(TypeName, Name).Set("generator", _generator.GetConfig()).Set("discriminator", _discriminator.GetConfig()).Set("latent", Latent);

    /// <summary>Draws <paramref name="count"/> new examples from standard normal noise, with the generator in inference mode.</summary>
    public Tensor Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var wasTraining = _generator.training;
        _generator.eval();
        try
        {
            using var noGrad = no_grad();
            return _generator.Forward(randn([count, Latent], device: Device));
        }
        finally
        {
            _generator.train(wasTraining);
        }
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        if (!_generator.IsBuilt) _generator.Build([new Shape(Latent)]);
        if (!_generator.OutputShape.Equals(input))
            throw new Nn.ShapeMismatchException(
                $"Model '{Name}': the generator '{_generator.Name}' draws examples of shape {_generator.OutputShape.ToBatchString()}, but the data has shape {input.ToBatchString()}; they must match.");
        if (!_discriminator.IsBuilt) _discriminator.Build([input]);
        if (!_discriminator.OutputShape.Equals(new Shape(1)))
            throw new Nn.ShapeMismatchException($"Model '{Name}': the discriminator '{_discriminator.Name}' must give one logit per example, not shape {_discriminator.OutputShape.ToBatchString()}.");
        return _discriminator.OutputShape;
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) => _discriminator.Forward(input);

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch)
    {
        var real = batch.Inputs[0];
        var n = real.shape[0];
        var ones = TorchSharp.torch.ones([n, 1], device: real.device);
        var zeros = TorchSharp.torch.zeros([n, 1], device: real.device);
        var fake = _generator.Forward(randn([n, Latent], device: real.device));

        // The discriminator learns from the generated batch as a constant: detach keeps its gradient out of the generator.
        var dLoss = _loss.Compute(_discriminator.Forward(real), ones).mean() + _loss.Compute(_discriminator.Forward(fake.detach()), zeros).mean();
        _discriminatorOptimizer.Minimize(dLoss, _discriminator);

        // The non-saturating generator loss: make the (just updated) discriminator call the generated batch real.
        var gLoss = _loss.Compute(_discriminator.Forward(fake), ones).mean();
        _generatorOptimizer.Minimize(gLoss, _generator);
        return new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["d_loss"] = dLoss, ["g_loss"] = gLoss };
    }

    private Device Device => _generator.parameters().FirstOrDefault()?.device ?? CPU;
}
