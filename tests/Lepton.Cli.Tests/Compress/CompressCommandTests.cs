using System.Text.Json;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace Lepton.Cli.Tests.Compress;

/// <summary><c>lepton compress MODEL --quantize int8</c> end to end on tiny models, the quantized .lepton file, and the errors.</summary>
public sealed class CompressCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Save(string name, Shape input, params Layer[] layers)
    {
        manual_seed(11);
        var model = new Sequential(input, layers);
        if (model.OutputShape[-1] == 3) model.Metadata.ClassNames = ["cat", "dog", "owl"];
        var path = _folder.PathOf(name + ".lepton");
        model.Save(path);
        return path;
    }

    [Fact]
    public void A_CNN_is_calibrated_quantized_and_compared_on_Fashion_MNIST_in_one_run()
    {
        var path = Save("cnn", new Shape(1, 28, 28), new Conv2D(4, 3, activation: "relu"), new MaxPool2D(2), new Flatten(), new Dense(10));
        var output = _folder.PathOf("cnn-int8.onnx");
        var json = _folder.PathOf("report.json");

        var (code, text) = CliRun.Invoke("compress", path, "--quantize", "int8", "--calibration", "fashion-mnist", "--calibration-samples", "200",
            "--test", "fashion-mnist", "--output", output, "--json", json);

        Assert.True(code == 0, text);
        Assert.Contains("QLinearConv", text);
        Assert.Contains("accuracy on --test", text);
        Assert.Contains("latency, 1 example (p50)", text);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        Assert.Equal(new FileInfo(output).Length, root.GetProperty("quantized_bytes").GetInt64());
        Assert.True(root.GetProperty("calibration_samples").GetInt64() >= 200);
        Assert.Equal("accuracy", root.GetProperty("metric").GetString());
        Assert.True(root.GetProperty("agreement").GetDouble() >= 0.95, text);
        Assert.True(Math.Abs(root.GetProperty("metric_delta").GetDouble()) <= 0.02, text);
        Assert.True(root.GetProperty("quantized_timing").GetProperty("samples_per_second").GetDouble() > 0);
        using var session = new InferenceSession(output);
        Assert.Equal("int8", session.ModelMetadata.CustomMetadataMap["lepton_quantization"]);
    }

    [Fact]
    public void Without_calibration_data_the_convolutions_stay_float_and_the_command_says_so()
    {
        var path = Save("cnn", new Shape(1, 8, 8), new Conv2D(2, 3), new Flatten(), new Dense(3));

        var (code, text) = CliRun.Invoke("compress", path, "--output", _folder.PathOf("q.onnx"));

        Assert.True(code == 0, text);
        Assert.Contains("Convolutions stay float", text);
        Assert.Contains("--calibration", text);
    }

    [Fact]
    public void A_quantized_lepton_file_holds_the_int8_graph_and_Model_Load_refuses_to_run_it_in_float()
    {
        var path = Save("mlp", new Shape(16), new Dense(64, "relu"), new Dense(3));
        var quantized = _folder.PathOf("mlp-int8.lepton");

        var (code, text) = CliRun.Invoke("compress", path, "--output", quantized);

        Assert.True(code == 0, text);
        Assert.True(new FileInfo(quantized).Length < new FileInfo(path).Length / 2, "the int8 .lepton file is not smaller");
        var error = Assert.Throws<ModelFileException>(() => Model.Load(quantized));
        Assert.Contains("int8 ONNX graph", error.Message);
        Assert.Contains("--runtime onnx", error.Message);

        Assert.True(QuantizedModelFile.TryRead(quantized, out var graph, out var metadata));
        Assert.Equal(["cat", "dog", "owl"], metadata.ClassNames);
        using var session = new InferenceSession(graph);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(new float[32], [2, 16]))]);
        Assert.Equal([2, 3], results.Single().AsTensor<float>().Dimensions.ToArray());
        Assert.False(QuantizedModelFile.TryRead(path, out _, out _));
    }

    [Fact]
    public void A_quantized_lepton_file_is_served_and_predicted_on_ONNX_Runtime_without_asking()
    {
        manual_seed(12);
        var model = new Sequential(new Shape(1, 8, 8), new Flatten(), new Dense(32, "relu"), new Dense(3));
        model.Metadata.ClassNames = ["cat", "dog", "owl"];
        var format = new Lepton.Data.Images.ImageFormat { Channels = 1, Height = 8, Width = 8 };
        format.WriteTo(model.Metadata.Preprocessing);
        var path = _folder.PathOf("image.lepton");
        model.Save(path);
        var image = _folder.PathOf("x.png");
        using (var scope = NewDisposeScope()) format.SavePng(rand([1, 8, 8], generator: new Generator(5)), image);
        var quantized = _folder.PathOf("image-int8.lepton");
        var onnx = _folder.PathOf("image-int8.onnx");

        var (code, text) = CliRun.Invoke("compress", path, "--output", quantized);
        var (onnxCode, onnxText) = CliRun.Invoke("compress", path, "--output", onnx);
        var (predicted, prediction) = CliRun.Invoke("predict", quantized, "--image", image);
        var (fromOnnx, onnxPrediction) = CliRun.Invoke("predict", onnx, "--image", image);

        Assert.True(code == 0, text);
        Assert.True(onnxCode == 0, onnxText);
        Assert.True(predicted == 0, prediction);
        Assert.True(fromOnnx == 0, onnxPrediction);
        // The same int8 graph either way: the same lines, after the file's name.
        Assert.Equal(Lines(onnxPrediction), Lines(prediction));
        Assert.Contains(Lines(prediction), l => l.Contains("cat", StringComparison.Ordinal) || l.Contains("dog", StringComparison.Ordinal) || l.Contains("owl", StringComparison.Ordinal));

        static string[] Lines(string output) => [.. output.Split('\n').Select(l => l.Replace("image-int8.onnx", "M").Replace("image-int8.lepton", "M").Trim()).Where(l => l.Length > 0)];
    }

    /// <summary>A table model trained a few epochs on <paramref name="train"/>, saved with its pipeline, classes and loss.</summary>
    private string TableModel(string train, int hidden = 32)
    {
        using var table = Lepton.Data.Tables.Table.Read(train);
        using var transformed = Lepton.Data.Pipelines.Pipeline.Create().Scale(Lepton.Data.Pipelines.Scaling.Standard, "x", "y").Fit(table, out var fitted);
        using var preprocessing = new Lepton.Data.Pipelines.TablePreprocessing(fitted, ["x", "y"]);
        manual_seed(3);
        using var model = new Sequential(new Shape(2), new Dense(hidden, "relu"), new Dense(hidden, "relu"), new Dense(3));
        model.Compile(new Lepton.Nn.Optimizers.Adam(0.01), new Lepton.Nn.Losses.SparseCategoricalCrossentropy(fromLogits: true));
        using var features = Lepton.Data.Pipelines.FeatureTensors.ToFeatureTensor(transformed.Table, "x", "y");
        using var labels = Lepton.Data.Pipelines.FeatureTensors.ToLabelTensor(transformed.Table, "label", ["cat", "dog", "owl"]);
        model.Fit(new Lepton.Data.TensorDataset(features, labels, ["cat", "dog", "owl"]), epochs: 10, batchSize: 32, verbose: Lepton.Nn.Training.Verbosity.Silent);
        model.Metadata.ClassNames = ["cat", "dog", "owl"];
        preprocessing.WriteTo(model.Metadata.Preprocessing);
        model.Metadata.Preprocessing[Lepton.Data.Pipelines.TableDataset.TargetKey] = "label";
        var path = _folder.PathOf($"table{hidden}.lepton");
        model.Save(path);
        return path;
    }

    /// <summary>Three classes by angle around the origin: learnable, not linearly.</summary>
    private string Rows(string name, int count, int seed)
    {
        var random = new Random(seed);
        var lines = Enumerable.Range(0, count).Select(_ =>
        {
            var (x, y) = ((random.NextDouble() * 2) - 1, (random.NextDouble() * 2) - 1);
            var angle = Math.Atan2(y, x) + Math.PI;
            var label = new[] { "cat", "dog", "owl" }[Math.Min(2, (int)(angle / (2 * Math.PI / 3)))];
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{x:0.####},{y:0.####},{label}");
        });
        return _folder.Write(name, "x,y,label\n" + string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void Pruning_fine_tunes_to_the_sparsity_asked_and_reports_the_test_figure_beside_the_model_it_came_from()
    {
        var train = Rows("train.csv", 600, 1);
        var model = TableModel(train);
        var pruned = _folder.PathOf("pruned.lepton");

        var (code, text) = CliRun.Invoke("compress", model, "--prune", "0.75", "--prune-scope", "per-layer", "--train", train, "--epochs", "2", "--test", Rows("test.csv", 200, 2), "-o", pruned);

        Assert.True(code == 0, text);
        Assert.Contains("pruned to 75% sparsity (per-layer)", text);
        Assert.Contains("accuracy on --test", text);
        using var loaded = Model.Load(pruned);
        Assert.Equal(["cat", "dog", "owl"], loaded.Metadata.ClassNames);
        Assert.NotNull(Lepton.Data.Pipelines.TablePreprocessing.ReadFrom(loaded.Metadata.Preprocessing));
        // Every kernel (2-D weight) is three-quarters zeros; biases are not pruned.
        foreach (var (name, weight) in loaded.named_parameters().Where(p => p.parameter.dim() == 2))
        {
            var zeros = weight.eq(0).sum().item<long>();
            Assert.InRange(zeros / (double)weight.numel(), 0.74, 0.76);
        }
    }

    [Fact]
    public void Distillation_trains_a_narrower_student_that_reads_and_predicts_as_the_teacher_does()
    {
        var train = Rows("train.csv", 600, 3);
        var teacher = TableModel(train, hidden: 32);
        var student = _folder.PathOf("student.lepton");

        var (code, text) = CliRun.Invoke("compress", teacher, "--distill", "--width", "0.25", "--train", train, "--epochs", "3", "--test", Rows("test.csv", 200, 4), "-o", student);

        Assert.True(code == 0, text);
        Assert.Contains("distilled into a student of", text);
        using var loaded = Model.Load(student);
        using var original = Model.Load(teacher);
        Assert.True(loaded.CountParameters() < original.CountParameters() / 4, $"{loaded.CountParameters()} vs {original.CountParameters()}");
        Assert.Equal(original.OutputShape, loaded.OutputShape);
        Assert.Equal(["cat", "dog", "owl"], loaded.Metadata.ClassNames);
        Assert.NotNull(loaded.Metadata.OutputLoss);
        var (predicted, predictions) = CliRun.Invoke("evaluate", student, Rows("more.csv", 50, 5));
        Assert.True(predicted == 0, predictions);
    }

    [Theory]
    [InlineData("--prune 0.5", "--train DATA")]
    [InlineData("--prune 1.5 --train T", "strictly between 0 and 1")]
    [InlineData("--prune 0.5 --distill --train T", "Give one of --prune and --distill")]
    [InlineData("--prune 0.5 --quantize int8 --train T", "separate steps")]
    [InlineData("--distill --train T --calibration T", "--calibration is for --quantize")]
    [InlineData("--prune 0.5 --train T --student x.lepton", "--student is for --distill")]
    public void Bad_training_options_are_usage_errors(string options, string message)
    {
        var train = Rows("train.csv", 60, 1);
        var model = TableModel(train);

        var (code, text) = CliRun.Invoke(["compress", model, "-o", _folder.PathOf("out.lepton"), .. options.Replace(" T", " " + train, StringComparison.Ordinal).Split(' ')]);

        Assert.Equal(2, code);
        Assert.Contains(message, text);
        Assert.False(File.Exists(_folder.PathOf("out.lepton")));
    }

    [Fact]
    public void A_pruned_model_must_be_written_as_a_lepton_file()
    {
        var train = Rows("train.csv", 60, 1);

        var (code, text) = CliRun.Invoke("compress", TableModel(train), "--prune", "0.5", "--train", train, "-o", _folder.PathOf("p.onnx"));

        Assert.Equal(2, code);
        Assert.Contains("must be a .lepton file", text);
    }

    [Theory]
    [InlineData("q.pt", "must end in .onnx")]
    [InlineData("q.onnx", "does not exist", "--calibration", "no-such-folder")]
    public void Bad_arguments_stop_with_a_message_that_says_what_to_do(string output, string expected, params string[] extra)
    {
        var path = Save("mlp", new Shape(4), new Dense(3));

        var (code, text) = CliRun.Invoke(["compress", path, "--output", _folder.PathOf(output), .. extra]);

        Assert.NotEqual(0, code);
        Assert.Contains(expected, text);
        Assert.False(File.Exists(_folder.PathOf(output)));
    }

    [Fact]
    public void A_model_with_nothing_to_quantize_is_an_error_naming_it()
    {
        var path = Save("plain", new Shape(5), new Activation("relu"));

        var (code, text) = CliRun.Invoke("compress", path, "--output", _folder.PathOf("q.onnx"));

        Assert.NotEqual(0, code);
        Assert.Contains("Nothing in the model can be quantized", text);
        Assert.Contains("plain.lepton", text);
    }
}
