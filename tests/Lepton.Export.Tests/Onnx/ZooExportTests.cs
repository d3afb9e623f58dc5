using Lepton.Export.Onnx;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Zoo.Anomaly;
using Lepton.Zoo.Generative;
using Lepton.Zoo.Reinforcement;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>
/// The zoo's models that compute in their own code export what their <c>Predict</c> gives when it is a chain of their
/// parts (<see cref="Model.InferenceChain"/>): a GAN's discriminator, a VAE's code mean, a DQN's Q-values; the anomaly
/// autoencoder's score (standardizing, reconstruction error, mean) is not such a chain and is refused by name.
/// </summary>
public sealed class ZooExportTests
{
    [Fact]
    public void A_GAN_a_VAE_and_a_DQN_export_what_they_predict()
    {
        var gan = new Gan(
            new Sequential(new Shape(4), [new Dense(8, "relu"), new Dense(6, "tanh")], "generator"),
            new Sequential(new Shape(6), [new Dense(8, "leaky_relu"), new Dense(1)], "discriminator"),
            latent: 4);
        gan.Build([new Shape(6)]);
        ExportVerification.Randomize(gan, 41);

        var vae = new VariationalAutoencoder(
            new Sequential(new Shape(6), [new Dense(8, "relu")], "encoder"), 3,
            new Sequential(new Shape(3), [new Dense(6)], "decoder"));
        vae.Build([new Shape(6)]);
        ExportVerification.Randomize(vae, 42);

        var dqn = new Dqn(new CartPole(), seed: 3);
        dqn.Build([new Shape(4)]);
        ExportVerification.Randomize(dqn, 43);

        ExportVerification.VerifyAll([
            ("gan", new LayerCase(gan, batch => [randn([batch, 6])]), null),
            ("vae", new LayerCase(vae, batch => [randn([batch, 6])]), null),
            ("dqn", new LayerCase(dqn, batch => [randn([batch, 4])]), null),
        ]);
    }

    [Fact]
    public void The_anomaly_autoencoders_score_is_refused_naming_the_model_and_what_to_do()
    {
        var detector = new AnomalyAutoencoder(
            new Sequential(new Shape(5), [new Dense(2, "relu")], "encoder"),
            new Sequential(new Shape(2), [new Dense(5)], "decoder"), name: "detector");
        detector.Build([new Shape(5)]);

        var error = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(detector));
        Assert.Contains("Layer 'detector' (AnomalyAutoencoder) cannot be exported to ONNX", error.Message);
        Assert.Contains("export its parts", error.Message);
    }
}
