using Lepton.Export.Onnx;
using Lepton.Export.Quantization;
using Lepton.Export.Tests.Onnx;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Zoo;
using Onnx;
using Xunit.Abstractions;
using static TorchSharp.torch;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Lepton.Export.Tests.Quantization;

/// <summary>
/// The int8 graph runs in ONNX Runtime and agrees with the float one. Bounds: a symmetric int8 weight is off by at
/// most half a step (max|w|/254 of its channel) and a uint8 activation by half of range/255, so each product term is
/// off by about 0.6%; over a few layers of random weights that stays under 5% of the output's largest magnitude,
/// and the predicted class changes only where two classes were nearly tied (≥ 95% agree on random models and
/// inputs, whose margins are far thinner than a trained model's; the benchmark measures trained models on real data).
/// </summary>
public sealed class OnnxQuantizerTests(ITestOutputHelper output)
{
    private const double MaxRelativeError = 0.05;
    private const double MinAgreement = 0.95;

    [Fact]
    public void A_dense_network_becomes_int8_weights_four_times_smaller_and_agrees_with_float()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var model = new Sequential(new Shape(784), [new Dense(256, "relu"), new Dense(128, "relu"), new Dense(10)]);
        ExportVerification.Randomize(model, 3);
        var run = QuantizedRun.Of(model, rand(256, 784));

        Assert.Equal(3, run.Quantized.Quantized.Count());
        Assert.Empty(run.Quantized.LeftFloat);
        Report(run);
        Assert.True(run.Agreement >= MinAgreement, $"agreement {run.Agreement:P1}");
        var graph = run.Graph;
        Assert.DoesNotContain(graph.Graph.Initializer, t => t.DataType == (int)DataType.Float && OnnxTensors.Count(t.Dims) > 256);
        Assert.Equal(3, graph.Graph.Initializer.Count(t => t.DataType == (int)DataType.Int8 && t.Dims.Count == 2));
        Assert.Equal(3, graph.Graph.Node.Count(n => n.OpType == "MatMulInteger"));
        var ratio = (double)run.Float.Length / run.Quantized.Bytes.Length;
        Assert.True(ratio is > 3.7 and < 4.1, $"the int8 file is {ratio:F2}x smaller, not about 4x");
        Assert.Equal("int8", graph.MetadataProps.Single(p => p.Key == OnnxQuantizer.MetadataKey).Value);
        Assert.Contains(graph.MetadataProps, p => p.Key == "model_name");
        CheckerAccepts(run.Quantized.Bytes);
    }

    [Fact]
    public void Per_tensor_weights_also_run_and_agree()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var model = new Sequential(new Shape(64), [new Dense(32, "relu"), new Dense(6)]);
        ExportVerification.Randomize(model, 4);
        var run = QuantizedRun.Of(model, rand(200, 64), options: new QuantizationOptions { PerChannel = false });
        Report(run);
        Assert.True(run.Agreement >= MinAgreement, $"agreement {run.Agreement:P1}");
        Assert.All(run.Graph.Graph.Initializer.Where(t => t.Name.EndsWith("/scale", StringComparison.Ordinal)), t => Assert.Empty(t.Dims));
    }

    [Theory]
    [InlineData("small")]
    [InlineData("batchnorm")]
    public void A_recipe_CNN_with_calibration_runs_its_convolutions_as_QLinearConv(string recipe)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var model = ImageRecipe.Get(recipe).CreateModel(new Shape(1, 28, 28), 10, totalSteps: 100);
        ExportVerification.Randomize(model, 5);
        var run = QuantizedRun.Of(model, rand(128, 1, 28, 28), calibration: rand(128, 1, 28, 28));

        var convolutions = run.Quantized.Nodes.Where(n => n.OpType == "Conv").ToList();
        Assert.NotEmpty(convolutions);
        Assert.DoesNotContain(run.Graph.Graph.Node, n => n.OpType == "BatchNormalization" && n.Input[0].Contains("conv", StringComparison.Ordinal));
        Assert.All(convolutions, c => Assert.Equal(ConvolutionQdq.Scheme, c.Scheme));
        Report(run);
        Assert.True(run.Agreement >= MinAgreement, $"agreement {run.Agreement:P1}");
        CheckerAccepts(run.Quantized.Bytes);

        // ONNX Runtime fuses each DequantizeLinear → Conv → QuantizeLinear group into one integer convolution.
        using var folder = new TempFolder();
        var optimized = Path.Combine(folder.Path, "optimized.onnx");
        QuantizedRun.Run(run.Quantized.Bytes, model.InputNames[0], rand(2, 1, 28, 28), optimized);
        var ops = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimized)).Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(convolutions.Count, ops.Count(o => o == "QLinearConv"));
        Assert.DoesNotContain("Conv", ops);
    }

    [Fact]
    public void Without_calibration_convolutions_stay_float_and_say_why_while_dense_layers_are_quantized()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var model = ImageRecipe.Get("small").CreateModel(new Shape(1, 28, 28), 10, totalSteps: 100);
        var run = QuantizedRun.Of(model, rand(64, 1, 28, 28));
        Assert.All(run.Quantized.LeftFloat, n => Assert.Equal("Conv", n.OpType));
        Assert.All(run.Quantized.LeftFloat, n => Assert.Contains("calibration", n.Reason));
        Assert.Contains(run.Quantized.Quantized, n => n.OpType == "Gemm");
        Assert.True(run.Agreement >= MinAgreement, $"agreement {run.Agreement:P1}");
    }

    [Fact]
    public void An_LSTM_text_model_runs_as_DynamicQuantizeLSTM()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var model = new Sequential(new Shape(12, 8), [new LSTM(32), new Dense(5)]);
        ExportVerification.Randomize(model, 6);
        var run = QuantizedRun.Of(model, randn(128, 12, 8));
        Assert.Contains(run.Quantized.Quantized, n => n.OpType == "LSTM" && n.Scheme == DynamicLstm.Scheme);
        Assert.True(run.Quantized.UsesOnnxRuntimeOperators);
        Assert.Contains(run.Graph.OpsetImport, o => o.Domain == "com.microsoft");
        // onnx 1.12's checker (full_check) accepts the file: it has no schema for com.microsoft operators and checks
        // them no further, so passing says nothing about the DynamicQuantizeLSTM node itself; ONNX Runtime runs it above.
        CheckerAccepts(run.Quantized.Bytes);
        Report(run);
        Assert.True(run.Agreement >= MinAgreement, $"agreement {run.Agreement:P1}");

        // Without ONNX Runtime's operator the LSTM stays float and the file is standard ONNX.
        var standard = QuantizedRun.Of(model, randn(16, 12, 8), options: new QuantizationOptions { QuantizeLstm = false });
        Assert.False(standard.Quantized.UsesOnnxRuntimeOperators);
        Assert.Contains(standard.Quantized.LeftFloat, n => n.OpType == "LSTM");
        CheckerAccepts(standard.Quantized.Bytes);
    }

    [Fact]
    public void A_text_model_stores_its_embedding_table_as_int8_rows()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        var model = new Sequential(new Shape(10), [new Embedding(500, 16), new LSTM(16), new Dense(4)]);
        ExportVerification.Randomize(model, 9);
        var run = QuantizedRun.Of(model, randint(0, 500, [128, 10]).to_type(ScalarType.Float32));
        Assert.Contains(run.Quantized.Quantized, n => n.OpType == "Gather" && n.Scheme == EmbeddingGather.Scheme);
        Assert.Contains(run.Graph.Graph.Initializer, t => t.DataType == (int)DataType.Int8 && t.Dims.SequenceEqual(new long[] { 500, 16 }));
        // Narrow rows (16 values) pay a float scale each, and the small LSTM's scales and biases stay float: 2.5x, not 4x.
        Assert.True((double)run.Float.Length / run.Quantized.Bytes.Length > 2.5, $"{run.Float.Length:N0} -> {run.Quantized.Bytes.Length:N0} bytes");
        Report(run);
        Assert.True(run.Agreement >= MinAgreement, $"agreement {run.Agreement:P1}");
    }

    [Fact]
    public void Attention_projections_are_quantized_and_the_score_products_stay_float()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        var model = new Sequential(new Shape(7, 16), [new MultiHeadAttention(2, 8), new Flatten(), new Dense(4)]);
        ExportVerification.Randomize(model, 8);
        var run = QuantizedRun.Of(model, randn(128, 7, 16));
        Assert.Equal(4, run.Quantized.Quantized.Count(n => n.OpType == "MatMul"));
        Assert.Equal(2, run.Graph.Graph.Node.Count(n => n.OpType == "MatMul"));
        Report(run);
        Assert.True(run.Agreement >= MinAgreement, $"agreement {run.Agreement:P1}");
        CheckerAccepts(run.Quantized.Bytes);
    }

    [Fact]
    public void A_GRU_stays_float_with_its_reason()
    {
        using var scope = NewDisposeScope();
        var model = new Sequential(new Shape(6, 4), [new GRU(8), new Dense(3)]);
        var run = QuantizedRun.Of(model, randn(8, 6, 4));
        var gru = Assert.Single(run.Quantized.LeftFloat);
        Assert.Equal("GRU", gru.OpType);
        Assert.Contains("no quantized GRU", gru.Reason);
    }

    [Fact]
    public void A_model_with_nothing_to_quantize_is_an_error_that_says_so()
    {
        using var scope = NewDisposeScope();
        var model = new Sequential(new Shape(5), [new Activation("relu")]);
        var error = Assert.Throws<QuantizationException>(() => OnnxQuantizer.Quantize(OnnxExport.ToBytes(model)));
        Assert.Contains("Nothing in the model can be quantized", error.Message);
        Assert.Throws<QuantizationException>(() => OnnxQuantizer.Quantize([1, 2, 3]));
    }

    /// <summary>Prints the figures (for the bounds above) and checks them.</summary>
    private void Report(QuantizedRun run)
    {
        output.WriteLine($"relative error {run.RelativeError:G3}, agreement {run.Agreement:P2}, size {run.Float.Length:N0} -> {run.Quantized.Bytes.Length:N0} bytes");
        Assert.True(run.RelativeError <= MaxRelativeError, $"relative error {run.RelativeError:G3}");
    }

    private static void CheckerAccepts(byte[] bytes)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "quantized.onnx");
        File.WriteAllBytes(path, bytes);
        OnnxChecker.AssertValid(path);
    }
}
