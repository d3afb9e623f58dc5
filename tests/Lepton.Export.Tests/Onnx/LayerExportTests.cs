using Lepton.Export.Onnx;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>
/// Every layer type the exporter supports, and the settings that change its ONNX form: ONNX Runtime's outputs equal
/// Lepton's Predict within 1e-4 at batch sizes 1 and 3, and the file passes onnx.checker with full_check.
/// </summary>
public sealed class LayerExportTests
{
    public static TheoryData<string> SupportedTypes => new(LayerCases.ByType.Keys.Select(t => t.Name).Order());

    [Fact]
    public void Every_supported_layer_type_has_a_verification_case() =>
        Assert.Equal(LayerConverters.Supported.Select(t => t.Name).Order(), LayerCases.ByType.Keys.Select(t => t.Name).Order());

    [Theory]
    [MemberData(nameof(SupportedTypes))]
    public void Each_layer_type_runs_in_OnnxRuntime_as_in_Lepton_and_passes_the_checker(string type)
    {
        using var scope = NewDisposeScope();
        var layerCase = LayerCases.ByType.Single(kv => kv.Key.Name == type).Value();
        ExportVerification.Verify(layerCase.Model, layerCase.Inputs);
    }

    [Fact]
    public void Every_activation_matches_inside_Dense_and_as_a_layer()
    {
        using var scope = NewDisposeScope();
        string[] names = ["linear", "relu", "leaky_relu", "elu", "gelu", "tanh", "sigmoid", "softmax"];
        ExportVerification.VerifyAll(names.SelectMany(name => new[]
        {
            ($"dense_{name}", LayerCases.Stack([6], new Dense(5, name)), (OnnxExportOptions?)null),
            ($"layer_{name}", LayerCases.Stack([3, 5], new Activation(name)), null),
        }));
    }

    [Fact]
    public void Dense_on_sequences_is_MatMul_then_Add_with_or_without_bias()
    {
        using var scope = NewDisposeScope();
        ExportVerification.VerifyAll(
        [
            ("sequence_bias", LayerCases.Stack([4, 6], new Dense(3, "relu")), null),
            ("sequence_no_bias", LayerCases.Stack([2, 4, 6], new Dense(3, useBias: false)), null),
            ("vector_no_bias", LayerCases.Stack([6], new Dense(3, useBias: false)), null),
        ]);
    }

    [Fact]
    public void Convolutions_match_for_every_padding_stride_and_dilation()
    {
        using var scope = NewDisposeScope();
        var cases = new List<(string, LayerCase, OnnxExportOptions?)>();
        foreach (var padding in new[] { "valid", "same", "causal" })
        {
            foreach (var (stride, dilation) in new[] { (1, 1), (2, 1), (1, 2), (3, 2) })
            {
                cases.Add(($"conv1d_{padding}_{stride}_{dilation}", LayerCases.Stack([2, 13], new Conv1D(3, 3, stride, padding, dilationRate: dilation)), null));
                if (padding != "causal")
                    cases.Add(($"conv2d_{padding}_{stride}_{dilation}", LayerCases.Stack([2, 10, 9], new Conv2D(3, 2, stride, padding, dilationRate: dilation, useBias: stride != 2)), null));
            }
        }
        ExportVerification.VerifyAll(cases);
    }

    [Fact]
    public void A_Conv1D_over_sequences_of_unknown_length_pads_as_Keras()
    {
        using var scope = NewDisposeScope();
        var strided = new Sequential(new Shape(3, -1), new Conv1D(4, 3, strides: 2, padding: "same"));
        var causal = new Sequential(new Shape(3, -1), new Conv1D(4, 3, padding: "causal", dilationRate: 2), new Conv1D(2, 4, padding: "same"));
        ExportVerification.Randomize(strided, 1);
        ExportVerification.Randomize(causal, 2);
        using var folder = new TempFolder();
        var paths = new List<string>();
        foreach (var (name, model) in new[] { ("strided", strided), ("causal", causal) })
        {
            var path = folder.PathOf($"{name}.onnx");
            model.ExportOnnx(path);
            foreach (var length in new[] { 9, 10 }) ExportVerification.Compare(model, path, [randn(2, 3, length)], $"{name} length {length}");
            paths.Add(path);
        }
        OnnxChecker.AssertValid([.. paths]);
    }

    [Fact]
    public void Transposed_convolutions_crop_as_Lepton_does()
    {
        using var scope = NewDisposeScope();
        var cases = new List<(string, LayerCase, OnnxExportOptions?)>();
        foreach (var padding in new[] { "valid", "same" })
        {
            foreach (var (kernel, stride, extra) in new (int, int, int?)[] { (3, 2, null), (2, 2, null), (4, 2, null), (3, 3, 1), (2, 3, 2), (1, 2, null), (5, 1, null) })
                cases.Add(($"deconv_{padding}_{kernel}_{stride}_{extra}", LayerCases.Stack([2, 4, 5], new Conv2DTranspose(3, kernel, stride, padding, extra)), null));
        }
        ExportVerification.VerifyAll(cases);
    }

    [Fact]
    public void Pooling_matches_for_every_window_stride_and_padding()
    {
        using var scope = NewDisposeScope();
        var cases = new List<(string, LayerCase, OnnxExportOptions?)>();
        foreach (var padding in new[] { "valid", "same" })
        {
            foreach (var (pool, stride) in new (int, int?)[] { (2, null), (3, null), (3, 2), (2, 1) })
            {
                cases.Add(($"max_{padding}_{pool}_{stride}", LayerCases.Stack([2, 7, 8], new MaxPool2D(pool, stride, padding)), null));
                cases.Add(($"avg_{padding}_{pool}_{stride}", LayerCases.Stack([2, 7, 8], new AvgPool2D(pool, stride, padding)), null));
            }
        }
        cases.Add(("global1d", LayerCases.Stack([5, 3], new GlobalAveragePool1D()), null));
        ExportVerification.VerifyAll(cases);
    }

    [Fact]
    public void Normalization_matches_on_images_sequences_and_vectors_and_below_opset_17()
    {
        using var scope = NewDisposeScope();
        ExportVerification.VerifyAll(
        [
            ("batchnorm_vector", LayerCases.Stack([5], new BatchNorm(epsilon: 0.01)), null),
            ("batchnorm_sequence", LayerCases.Stack([3, 7], new BatchNorm()), null),
            ("layernorm_vector", LayerCases.Stack([5], new LayerNorm()), null),
            ("layernorm_opset13", LayerCases.Stack([3, 5], new LayerNorm(epsilon: 1e-5)), new OnnxExportOptions { Opset = 13 }),
            ("mixed_opset15", LayerCases.Stack([2, 6, 6], new Conv2D(3, 3, activation: "gelu"), new BatchNorm(), new LayerNorm()), new OnnxExportOptions { Opset = 15 }),
        ]);
    }

    [Fact]
    public void Upsampling_matches_nearest_and_bilinear_for_each_factor()
    {
        using var scope = NewDisposeScope();
        ExportVerification.VerifyAll(
        [
            ("nearest_2", LayerCases.Stack([2, 3, 4], new UpSampling2D(2)), null),
            ("nearest_3x2", LayerCases.Stack([2, 3, 4], new UpSampling2D((3, 2))), null),
            ("bilinear_2", LayerCases.Stack([1, 4, 3], new UpSampling2D(2, "bilinear")), null),
            ("bilinear_1x4", LayerCases.Stack([1, 1, 3], new UpSampling2D((1, 4), "bilinear")), null),
        ]);
    }

    [Fact]
    public void Text_layers_match_with_fixed_and_unknown_sequence_lengths()
    {
        using var scope = NewDisposeScope();
        var ids = new Input(new Shape(-1), "ids");
        var vectors = new Embedding(12, 4).Apply(ids);
        var positioned = new Add().Apply(new PositionEmbedding(9).Apply(vectors), new SinePositionEncoding(50).Apply(vectors));
        var unknown = new Model(ids, new LayerNorm().Apply(new Add().Apply(vectors, positioned)));
        ExportVerification.Randomize(unknown, 4);
        using var folder = new TempFolder();
        var path = folder.PathOf("unknown_length.onnx");
        unknown.ExportOnnx(path);
        foreach (var length in new[] { 3, 9 })
            ExportVerification.Compare(unknown, path, [randint(0, 12, [2, length]).to_type(ScalarType.Float32)], $"length {length}");
        OnnxChecker.AssertValid(path);

        var steps = new Input(new Shape(5, 4), "known_steps");
        var encoded = new Add().Apply(steps, new SinePositionEncoding(100).Apply(steps));
        var model = new Model(steps, new Dense(3).Apply(new PositionEmbedding(5).Apply(encoded)));
        ExportVerification.Randomize(model, 8);
        ExportVerification.Verify(model, batch => [randn(batch, 5, 4)]);
    }

    [Fact]
    public void Nested_models_are_written_in_place()
    {
        using var scope = NewDisposeScope();
        var inner = new Sequential(new Shape(4), new Dense(6, "relu"), new Dense(4));
        var a = new Input(new Shape(4), "a");
        var b = new Input(new Shape(4), "b");
        var functional = new Model([a, b], new Concatenate().Apply(inner.Apply(a), new Multiply().Apply(inner.Apply(b), b)));
        var outer = new Sequential(new Shape(8), new Reshape([2, 4]), new Flatten(), new Dense(4));
        var twoStage = new Model([a, b], new Add().Apply(outer.Apply(functional.Apply(a, b)), a));
        ExportVerification.Randomize(twoStage, 9);
        ExportVerification.Verify(twoStage, batch => [randn(batch, 4), randn(batch, 4)]);
    }

    [Fact]
    public void Recurrent_layers_match_with_and_without_sequences_in_one_and_two_directions()
    {
        using var scope = NewDisposeScope();
        var cases = new List<(string, LayerCase, OnnxExportOptions?)>();
        var size = 0;
        foreach (var type in new[] { "lstm", "gru", "rnn_tanh", "rnn_relu" })
        {
            foreach (var sequences in new[] { false, true })
            {
                foreach (var both in new[] { false, true })
                {
                    // Several sizes: steps 1 to 7, features 1 to 5, units 1 to 6.
                    var (steps, features, units) = (1 + (size % 7), 1 + (size % 5), 1 + (size % 6));
                    size += 3;
                    Recurrent layer = type switch
                    {
                        "lstm" => new LSTM(units, sequences, both),
                        "gru" => new GRU(units, sequences, both),
                        _ => new SimpleRNN(units, type[4..], sequences, both),
                    };
                    cases.Add(($"{type}_{(sequences ? "sequences" : "last")}_{(both ? "bi" : "uni")}", LayerCases.Stack([steps, features], layer), null));
                }
            }
        }
        ExportVerification.VerifyAll(cases);
    }

    [Fact]
    public void Bidirectional_matches_for_every_merge_mode_and_wrapped_layer()
    {
        using var scope = NewDisposeScope();
        var cases = new List<(string, LayerCase, OnnxExportOptions?)>();
        var i = 0;
        foreach (var mode in new[] { "concat", "sum", "mul", "ave" })
        {
            foreach (var sequences in new[] { false, true })
            {
                Recurrent inner = (i++ % 3) switch
                {
                    0 => new LSTM(3 + (i % 2), sequences),
                    1 => new GRU(3 + (i % 2), sequences),
                    _ => new SimpleRNN(3 + (i % 2), "tanh", sequences),
                };
                cases.Add(($"bidirectional_{mode}_{(sequences ? "sequences" : "last")}_{inner.TypeName}", LayerCases.Stack([4 + (i % 3), 2], new Bidirectional(inner, mode)), null));
            }
        }
        cases.Add(("bidirectional_opset13", LayerCases.Stack([3, 2], new Bidirectional(new GRU(2, returnSequences: true), "sum"), new Bidirectional(new LSTM(2))), new OnnxExportOptions { Opset = 13 }));
        ExportVerification.VerifyAll(cases);
    }

    [Fact]
    public void Recurrent_text_models_match_over_sequences_of_unknown_length()
    {
        using var scope = NewDisposeScope();
        var model = new Sequential(new Shape(-1), new Embedding(15, 4), new Bidirectional(new LSTM(3, returnSequences: true), "sum"),
            new GRU(4, returnSequences: true, bidirectional: true), new SimpleRNN(3), new Dense(2, "softmax"));
        ExportVerification.Randomize(model, 12);
        using var folder = new TempFolder();
        var path = folder.PathOf("text.onnx");
        model.ExportOnnx(path);
        foreach (var length in new[] { 1, 6, 11 })
            ExportVerification.Compare(model, path, [randint(0, 15, [3, length]).to_type(ScalarType.Float32)], $"length {length}");
        OnnxChecker.AssertValid(path);
    }
    [Fact]
    public void Attention_matches_for_every_head_count_key_size_mask_and_length_in_self_and_cross_attention()
    {
        using var scope = NewDisposeScope();
        var cases = new List<(string, LayerCase, OnnxExportOptions?)>();
        foreach (var heads in new[] { 1, 2, 4 })
        {
            foreach (var causal in new[] { false, true })
            {
                foreach (var steps in new long[] { 1, 7 })
                {
                    var (keyDim, valueDim) = (heads == 4 ? 2 : 3, heads == 2 ? 5 : (int?)null);
                    cases.Add(($"self_{heads}_{causal}_{steps}", LayerCases.Stack([steps, 6], new MultiHeadAttention(heads, keyDim, valueDim, useCausalMask: causal)), null));
                    cases.Add(($"cross_{heads}_{causal}_{steps}", LayerCases.CrossAttention([steps, 4], [8 - steps, 3],
                        new MultiHeadAttention(heads, keyDim + 1, valueDim, useBias: heads != 2, useCausalMask: causal)), null));
                }
            }
        }
        cases.Add(("self_no_bias", LayerCases.Stack([4, 5], new MultiHeadAttention(2, 4, useBias: false)), null));
        cases.Add(("causal_opset13", LayerCases.Stack([5, 4], new MultiHeadAttention(2, 2, useCausalMask: true)), new OnnxExportOptions { Opset = 13 }));
        ExportVerification.VerifyAll(cases);
    }

    [Fact]
    public void Transformer_encoders_match_for_every_head_count_key_size_activation_and_mask()
    {
        using var scope = NewDisposeScope();
        var cases = new List<(string, LayerCase, OnnxExportOptions?)>();
        foreach (var heads in new[] { 1, 2, 4 })
        {
            foreach (var causal in new[] { false, true })
            {
                foreach (var steps in new long[] { 1, 7 })
                {
                    var encoder = new TransformerEncoder(heads, 6 + heads, activation: causal ? "gelu" : "relu", keyDim: heads == 2 ? 3 : null,
                                                         epsilon: heads == 4 ? 1e-3 : 1e-6, useCausalMask: causal);
                    cases.Add(($"encoder_{heads}_{causal}_{steps}", LayerCases.Stack([steps, 8], encoder), null));
                }
            }
        }
        cases.Add(("encoder_linear", LayerCases.Stack([3, 4], new TransformerEncoder(1, 5, activation: "linear")), null));
        cases.Add(("encoders_stacked_opset13", LayerCases.Stack([6, 4], new TransformerEncoder(2, 8, useCausalMask: true), new TransformerEncoder(2, 8)),
            new OnnxExportOptions { Opset = 13 }));
        ExportVerification.VerifyAll(cases);
    }

    [Fact]
    public void A_transformer_text_classifier_matches_at_two_sequence_lengths()
    {
        using var scope = NewDisposeScope();
        var ids = new Input(new Shape(-1), "ids");
        var vectors = new Embedding(20, 8).Apply(ids);
        var positioned = new Add().Apply(vectors, new PositionEmbedding(12).Apply(vectors));
        var encoded = new TransformerEncoder(2, 16).Apply(positioned);
        var model = new Model(ids, new Dense(3, "softmax").Apply(new GlobalAveragePool1D().Apply(encoded)));
        ExportVerification.Randomize(model, 14);
        using var folder = new TempFolder();
        var path = folder.PathOf("classifier.onnx");
        model.ExportOnnx(path);
        foreach (var (batch, length) in new[] { (1, 4), (3, 4), (2, 11), (1, 1) })
            ExportVerification.Compare(model, path, [randint(0, 20, [batch, length]).to_type(ScalarType.Float32)], $"batch {batch} length {length}");
        OnnxChecker.AssertValid(path);
    }
}
