using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Zoo.Generative;

/// <summary>
/// A variational autoencoder (Kingma and Welling 2014) for images with pixels in [0, 1]: the encoder's features give
/// the mean and log-variance of a Gaussian code, a code is drawn by reparameterization, and the decoder gives the
/// logits of independent Bernoulli pixels. Trained by its own <see cref="TrainStep"/> on the negative ELBO,
/// reconstruction (binary cross-entropy summed over pixels) plus the KL divergence from the standard normal prior, in
/// nats per image. Its output is the code's mean, so the saved model embeds images; <see cref="Decode"/> draws them.
/// </summary>
public sealed class VariationalAutoencoder : Model
{
    private readonly Model _encoder;
    private readonly Model _decoder;
    private readonly Optimizer _optimizer;
    private Dense? _mean;
    private Dense? _logVariance;

    /// <summary>Creates a VAE from an encoder (image → features), the code's width and a decoder (code → pixel logits).</summary>
    /// <param name="encoder">Maps an image to a feature vector.</param>
    /// <param name="latent">The width of the code.</param>
    /// <param name="decoder">Maps a code to the logits of the image's pixels, in the image's shape.</param>
    /// <param name="optimizer">How the weights learn; Adam at 1e-3 by default.</param>
    /// <param name="name">The model's name.</param>
    public VariationalAutoencoder(Model encoder, int latent, Model decoder, Optimizer? optimizer = null, string? name = null) : base(name ?? "vae")
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentOutOfRangeException.ThrowIfLessThan(latent, 1);
        _encoder = encoder;
        _decoder = decoder;
        Latent = latent;
        _optimizer = optimizer ?? new Adam(1e-3);
        register_module("encoder", encoder);
        register_module("decoder", decoder);
    }

    internal VariationalAutoencoder(LayerConfig config)
        : this(ModelParts.Create(config, "encoder", nameof(VariationalAutoencoder)), config.GetInt("latent"), ModelParts.Create(config, "decoder", nameof(VariationalAutoencoder)), null, config.Name)
    {
    }

    static VariationalAutoencoder() => ZooRecipes.RegisterLayers();

    /// <inheritdoc />
    public override IReadOnlyList<Layer>? InferenceChain => _mean is null ? null : [_encoder, _mean];

    /// <summary>The width of the code.</summary>
    public int Latent { get; }

    /// <summary>The part that maps a code to pixel logits.</summary>
    public Model Decoder => _decoder;

    /// <inheritdoc />
    public override string TypeName => nameof(VariationalAutoencoder);

    /// <inheritdoc />
    public override IReadOnlyList<Layer> Layers => _mean is null ? [_encoder, _decoder] : [_encoder, _mean, _logVariance!, _decoder];

    /// <inheritdoc />
    public override LayerConfig GetConfig() =>
        new LayerConfig(TypeName, Name).Set("encoder", _encoder.GetConfig()).Set("latent", Latent).Set("decoder", _decoder.GetConfig());

    /// <summary>Images drawn from codes: pixel probabilities (sigmoid of the decoder's logits), in the image's shape.</summary>
    /// <param name="codes">Codes, batch first, of width <see cref="Latent"/>.</param>
    public Tensor Decode(Tensor codes) => sigmoid(_decoder.Forward(codes));

    /// <summary>The code's mean and log-variance for each image.</summary>
    public (Tensor Mean, Tensor LogVariance) Encode(Tensor images)
    {
        var features = _encoder.Forward(images);
        return (_mean!.Forward(features), _logVariance!.Forward(features));
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        if (!_encoder.IsBuilt) _encoder.Build([input]);
        if (_encoder.OutputShape.Rank != 1)
            throw new Nn.ShapeMismatchException($"Model '{Name}': the encoder '{_encoder.Name}' must give a feature vector, not shape {_encoder.OutputShape.ToBatchString()}; end it with Flatten or Dense.");
        _mean = AddLayer(new Dense(Latent, name: "z_mean"));
        _mean.Build([_encoder.OutputShape]);
        _logVariance = AddLayer(new Dense(Latent, name: "z_log_var"));
        _logVariance.Build([_encoder.OutputShape]);
        if (!_decoder.IsBuilt) _decoder.Build([new Shape(Latent)]);
        if (!_decoder.OutputShape.Equals(input))
            throw new Nn.ShapeMismatchException(
                $"Model '{Name}': the decoder '{_decoder.Name}' draws images of shape {_decoder.OutputShape.ToBatchString()}, but the input has shape {input.ToBatchString()}; they must match.");
        return new Shape(Latent);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) => Encode(input).Mean;

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch)
    {
        var figures = NegativeElbo(batch.Inputs[0]);
        _optimizer.Minimize(figures["loss"], this);
        return figures;
    }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TestStep(Batch batch) => NegativeElbo(batch.Inputs[0]);

    /// <summary>A one-sample estimate of the negative ELBO per image (<c>loss</c>) and its two parts, in nats.</summary>
    private Dictionary<string, Tensor> NegativeElbo(Tensor images)
    {
        var (mean, logVariance) = Encode(images);
        var code = mean + exp(0.5 * logVariance) * randn_like(mean);
        var logits = _decoder.Forward(code);
        var reconstruction = nn.functional.binary_cross_entropy_with_logits(logits, images, reduction: nn.Reduction.None).flatten(1).sum(1).mean();
        var kl = (-0.5 * (1 + logVariance - mean.pow(2) - logVariance.exp()).sum(1)).mean();
        return new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["loss"] = reconstruction + kl, ["reconstruction"] = reconstruction, ["kl"] = kl };
    }
}
