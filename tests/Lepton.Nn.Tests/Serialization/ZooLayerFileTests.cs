using System.Text.Json.Nodes;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;
using Lepton.Nn.Tests.Training;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Serialization;

/// <summary>The layers the model zoo needs, saved in a model file and loaded back through the file's checks.</summary>
public sealed class ZooLayerFileTests
{
    private static Model SavedAndLoaded(Model model)
    {
        var path = FitTests.TempFile();
        try
        {
            model.Save(path);
            return Model.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertSamePredictions(Model model, Model loaded, Tensor x)
    {
        using var expected = model.Predict(x);
        using var actual = loaded.Predict(x);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), "the loaded model predicts differently");
        Assert.Equal(model.CountParameters(), loaded.CountParameters());
        Assert.Equal(model.Summary(), loaded.Summary());
    }

    [Fact]
    public void A_decoder_with_transposed_convolutions_and_upsampling_loads_back_and_predicts_the_same()
    {
        LeptonRuntime.Seed(31);
        using var model = new Sequential(new Shape(16),
        [
            new Dense(4 * 4 * 4, "relu", name: "project"),
            new Reshape([4, 4, 4], name: "grid"),
            new Conv2DTranspose(8, 3, strides: 2, padding: "same", activation: "relu", name: "up_conv"),
            new UpSampling2D(2, "bilinear", name: "up_bilinear"),
            new Conv2DTranspose(4, 4, strides: 2, padding: "valid", outputPadding: 1, name: "up_valid"),
            new UpSampling2D((1, 2), name: "up_nearest"),
            new Conv2D(1, 3, padding: "same", dilationRate: 2, activation: "sigmoid", name: "image"),
        ], "decoder");
        // 8 → 16 (bilinear) → (16 − 1)·2 + 4 + 1 = 35 → width doubled.
        Assert.Equal(new Shape(1, 35, 70), model.OutputShape);
        var summary = model.Summary();
        Assert.Contains("up_conv (Conv2DTranspose)", summary, StringComparison.Ordinal);
        Assert.Contains("(None, 8, 8, 8)", summary, StringComparison.Ordinal);
        // up_conv: 4·8·3·3 + 8 = 296 weights.
        Assert.Matches(@"up_conv \(Conv2DTranspose\).*│\s+296 │", summary);

        using var loaded = SavedAndLoaded(model);
        using var x = randn(3, 16);
        AssertSamePredictions(model, loaded, x);
    }

    [Fact]
    public void A_sequence_model_with_bidirectional_lstm_causal_attention_and_causal_convolution_loads_back_and_predicts_the_same()
    {
        LeptonRuntime.Seed(32);
        using var model = new Sequential(new Shape(12, 8),
        [
            new Bidirectional(new LSTM(6, returnSequences: true), name: "bilstm"),
            new Bidirectional(new SimpleRNN(4, returnSequences: true), "sum", name: "birnn"),
            new Dense(8, name: "widen"),
            new TransformerEncoder(2, 16, dropout: 0, useCausalMask: true, name: "causal_encoder"),
            new MultiHeadAttention(2, 4, useCausalMask: true, name: "causal_attention"),
            new Bidirectional(new GRU(5), "concat", name: "bigru"),
            new Dense(3, name: "out"),
        ], "sequences");
        Assert.Equal(new Shape(10), model.Layers[5].OutputShape);
        var summary = model.Summary();
        // bilstm: two LSTMs of 4·6·(8 + 6) + 2·4·6 = 384 weights each.
        Assert.Matches(@"bilstm \(Bidirectional\).*│\s+768 │", summary);

        using var loaded = SavedAndLoaded(model);
        using var x = randn(4, 12, 8);
        AssertSamePredictions(model, loaded, x);
    }

    [Fact]
    public void A_temporal_convolution_forecaster_with_causal_dilated_convolutions_loads_back_and_predicts_the_same()
    {
        LeptonRuntime.Seed(33);
        using var model = new Sequential(new Shape(2, 24),
        [
            new Conv1D(8, 2, padding: "causal", dilationRate: 1, activation: "relu", name: "tcn_1"),
            new Conv1D(8, 2, padding: "causal", dilationRate: 2, activation: "relu", name: "tcn_2"),
            new Conv1D(8, 2, padding: "causal", dilationRate: 4, activation: "relu", name: "tcn_4"),
            new Conv1D(1, 1, name: "forecast"),
            new Flatten(name: "flatten"),
        ], "forecaster");
        Assert.Equal(new Shape(24), model.OutputShape);

        using var loaded = SavedAndLoaded(model);
        using var x = randn(4, 2, 24);
        AssertSamePredictions(model, loaded, x);
    }

    [Fact]
    public void A_functional_model_with_a_sine_position_encoding_loads_back_and_predicts_the_same()
    {
        LeptonRuntime.Seed(34);
        var tokens = new Input(new Shape(9, 8), "features");
        var encoded = new Add(name: "add").Apply(tokens, new SinePositionEncoding(name: "positions").Apply(tokens));
        var output = new Dense(2, name: "out").Apply(new TransformerEncoder(2, 16, dropout: 0, name: "encoder").Apply(encoded));
        using var model = new Model(tokens, output, "encoded");

        using var loaded = SavedAndLoaded(model);
        using var x = randn(2, 9, 8);
        AssertSamePredictions(model, loaded, x);
    }

    [Fact]
    public void A_file_whose_bidirectional_inner_layer_disagrees_with_its_weights_is_refused_naming_the_wrapper()
    {
        LeptonRuntime.Seed(35);
        using var model = new Sequential(new Shape(6, 3), [new Bidirectional(new LSTM(4), name: "bilstm"), new Dense(2, name: "out")], "wrapped");
        var path = FitTests.TempFile();
        model.Save(path);
        var grown = HostileFiles.WithManifest(path, m => HostileFiles.Layer(m, "bilstm")["layer"]!["units"] = 7);
        var error = Assert.Throws<ModelFileException>(() => Model.Load(grown));
        Assert.Contains("'bilstm' (Bidirectional)", error.Message, StringComparison.Ordinal);
        Assert.Contains("bilstm.forward.lstm.weight_ih_l0", error.Message, StringComparison.Ordinal);

        var broken = HostileFiles.WithManifest(path, m => HostileFiles.Layer(m, "bilstm")["layer"] = new JsonObject { ["type"] = "Dense", ["name"] = "d", ["units"] = 4 });
        Assert.Contains("not a recurrent layer", Assert.Throws<ModelFileException>(() => Model.Load(broken)).Message, StringComparison.Ordinal);
    }
}
