using System.Globalization;
using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Zoo.Anomaly;

/// <summary>
/// An anomaly detector that learns what normal examples look like by squeezing them through a bottleneck and
/// rebuilding them: an encoder and a decoder, trained on normal examples only.
/// Its output is the anomaly score, the mean squared reconstruction error of each example (after the per-feature
/// standardization that <see cref="Adapt"/> learns), so the saved model scores raw examples.
/// </summary>
/// <remarks>
/// Trained by <see cref="Model.Fit"/> through its own <see cref="TrainStep"/> (no targets, no Compile); validation and
/// <see cref="Model.Evaluate"/> report <c>reconstruction</c>, the mean score. <see cref="Threshold"/> is kept in the
/// model file so a user can flag examples scoring above it.
/// </remarks>
public sealed class AnomalyAutoencoder : Model
{
    private readonly Model _encoder;
    private readonly Model _decoder;
    private readonly Optimizer _optimizer;
    private Tensor? _mean;
    private Tensor? _scale;

    static AnomalyAutoencoder() => ZooRecipes.RegisterLayers();

    /// <summary>Creates the detector from an encoder and a decoder whose output has the encoder's input shape.</summary>
    /// <param name="encoder">Maps an example to its code.</param>
    /// <param name="decoder">Maps a code back to an example.</param>
    /// <param name="optimizer">How the weights learn; Adam at 1e-3 by default.</param>
    /// <param name="name">The model's name.</param>
    public AnomalyAutoencoder(Model encoder, Model decoder, Optimizer? optimizer = null, string? name = null) : base(name ?? "anomaly_autoencoder")
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        _encoder = encoder;
        _decoder = decoder;
        _optimizer = optimizer ?? new Adam(1e-3);
        register_module("encoder", encoder);
        register_module("decoder", decoder);
    }

    internal AnomalyAutoencoder(LayerConfig config)
        : this(ModelParts.Create(config, "encoder", nameof(AnomalyAutoencoder)), ModelParts.Create(config, "decoder", nameof(AnomalyAutoencoder)), null, config.Name)
    {
        Threshold = config.GetDouble("threshold", double.NaN);
    }

    /// <summary>The score above which an example counts as an anomaly; NaN until set (the recipes use a quantile of held-out normal scores).</summary>
    public double Threshold { get; set; } = double.NaN;

    /// <summary>The part that maps an example to its code.</summary>
    public Model Encoder => _encoder;

    /// <summary>The part that rebuilds an example from its code.</summary>
    public Model Decoder => _decoder;

    /// <inheritdoc />
    public override string TypeName => nameof(AnomalyAutoencoder);

    /// <inheritdoc />
    public override IReadOnlyList<Layer> Layers => [_encoder, _decoder];

    /// <inheritdoc />
    public override LayerConfig GetConfig() =>
        new LayerConfig(TypeName, Name).Set("encoder", _encoder.GetConfig()).Set("decoder", _decoder.GetConfig())
            .Set("threshold", double.IsNaN(Threshold) ? null : Threshold);

    /// <summary>
    /// Learns the per-feature mean and standard deviation of normal examples (Keras's <c>Normalization.adapt</c>), so
    /// every feature weighs alike in the reconstruction error. Without it the examples are scored as they are.
    /// </summary>
    /// <param name="examples">Normal examples, batch first, of the model's input shape.</param>
    public void Adapt(Tensor examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (!IsBuilt) Build([Shape.FromBatched(examples.shape)]);
        if (!InputShapes[0].Accepts(Shape.FromBatched(examples.shape)))
            throw new Nn.ShapeMismatchException($"Model '{Name}' takes examples of shape {InputShapes[0].ToBatchString()}, not {Shape.FromBatched(examples.shape).ToBatchString()}.");
        if (examples.shape[0] < 2) throw new ArgumentException("Adapt needs at least two examples to measure a spread.", nameof(examples));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = examples.to_type(ScalarType.Float32).to(_mean!.device);
        _mean.copy_(x.mean([0]));
        // A feature that never varies in normal data gets scale 1, so any change in it still shows.
        var std = x.std([0]);
        _scale!.copy_(where(std > 1e-6, std, ones_like(std)));
    }

    /// <summary>The examples as the decoder rebuilds them, in the standardized space the error is measured in.</summary>
    public Tensor Reconstruct(Tensor examples) => _decoder.Forward(_encoder.Forward(Standardize(examples)));

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        if (!_encoder.IsBuilt) _encoder.Build([input]);
        if (!_decoder.IsBuilt) _decoder.Build([_encoder.OutputShape]);
        if (!_decoder.OutputShape.Equals(input))
            throw new Nn.ShapeMismatchException(
                $"Model '{Name}': the decoder '{_decoder.Name}' rebuilds examples of shape {_decoder.OutputShape.ToBatchString()}, but the input has shape {input.ToBatchString()}; they must match.");
        _mean = AddState("mean", zeros(input.Dimensions));
        _scale = AddState("scale", ones(input.Dimensions));
        return new Shape(1);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        var z = Standardize(input);
        var error = (_decoder.Forward(_encoder.Forward(z)) - z).pow(2);
        return error.flatten(1).mean([1], keepdim: true);
    }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch)
    {
        var loss = Call(batch.Inputs[0]).mean();
        _optimizer.Minimize(loss, this);
        return new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["reconstruction"] = loss };
    }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TestStep(Batch batch) =>
        new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["reconstruction"] = Call(batch.Inputs[0]).mean() };

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}: {_encoder.Name} → {_decoder.Name}, threshold {Threshold:G4}");

    private Tensor Standardize(Tensor input) => (input - _mean!) / _scale!;
}
