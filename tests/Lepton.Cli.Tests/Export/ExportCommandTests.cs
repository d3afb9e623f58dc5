using Lepton.Cli.Tests.Tracking;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace Lepton.Cli.Tests.Export;

/// <summary><c>lepton export MODEL --format onnx</c> for a model file and a registered model, and its errors.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string SaveModel(string name, params Layer[] layers)
    {
        var model = new Sequential(new Shape(4), layers);
        model.Metadata.ClassNames = ["cat", "dog", "owl"];
        var path = _folder.PathOf(name + ".lepton");
        model.Save(path);
        return path;
    }

    [Fact]
    public void A_model_file_is_written_beside_itself_and_runs_in_OnnxRuntime_as_Predict_does()
    {
        var path = SaveModel("animals", new Dense(6, "relu"), new Dense(3));

        var (code, output) = CliRun.Invoke("export", path, "--format", "onnx");

        Assert.True(code == 0, output);
        var onnx = _folder.PathOf("animals.onnx");
        Assert.Contains("animals.onnx", output);
        Assert.Contains("opset 17", output);
        using var model = Model.Load(path);
        using var x = randn(5, 4);
        var expected = model.Predict(x).data<float>().ToArray();
        using var session = new InferenceSession(onnx);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x.data<float>().ToArray(), [5, 4]))]);
        var actual = results.Single().AsEnumerable<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++) Assert.InRange(actual[i] - expected[i], -1e-4, 1e-4);
        Assert.Equal("[\"cat\",\"dog\",\"owl\"]", session.ModelMetadata.CustomMetadataMap["class_names"]);
    }

    [Fact]
    public async Task A_registered_model_is_written_to_the_output_at_the_opset_asked()
    {
        using var home = new TrackingHome();
        var path = SaveModel("registered", new Dense(3), new LayerNorm());
        await using (var client = await TrackingHome.OpenAsync())
            await client.Registry.RegisterFileAsync("animals", path);
        var target = _folder.PathOf("out/animals-13.onnx");

        var (code, output) = CliRun.Invoke("export", "animals/1", "--output", target, "--opset", "13");

        Assert.True(code == 0, output);
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(target));
        Assert.Equal(13, proto.OpsetImport.Single().Version);
        Assert.DoesNotContain(proto.Graph.Node, n => n.OpType == "LayerNormalization");
    }

    [Fact]
    public void A_tree_model_file_is_written_as_ONNX_ML_and_gives_its_raw_scores()
    {
        var trees = new TreeEnsemble(4, TreeObjective.Regression,
            [new([0, 2], [0.5f, -1f], [1, -2], [-1, -3], [true, false], [0.25, -1.5, 2]), DecisionTree.Constant(2)], bias: [0.5], name: "reader");
        var model = new Sequential(new Shape(4), trees);
        var path = _folder.PathOf("trees.lepton");
        model.Save(path);

        var (code, output) = CliRun.Invoke("export", path, "--format", "onnx");

        Assert.True(code == 0, output);
        using var loaded = Model.Load(path);
        var rows = new[] { 0.5f, 0f, -1f, 0f, float.NaN, 0f, float.NaN, 0f, 0.6f, 0f, -0.9f, 0f, 0.4f, 0f, float.NaN, 0f };
        using var x = tensor(rows).reshape(4, 4);
        var expected = loaded.Predict(x).data<float>().ToArray();
        using var session = new InferenceSession(_folder.PathOf("trees.onnx"));
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(rows, [4, 4]))]);
        var actual = results.Single().AsEnumerable<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++) Assert.InRange(actual[i] - expected[i], -1e-4, 1e-4);
    }

    [Fact]
    public void A_trained_gbm_classifier_gives_the_same_scores_in_OnnxRuntime_with_missing_values()
    {
        var random = new Random(17);
        const int Rows = 600;
        var features = new float[Rows * 5];
        var labels = new long[Rows];
        for (var r = 0; r < Rows; r++)
        {
            for (var f = 0; f < 5; f++) features[(r * 5) + f] = random.NextDouble() < 0.15 ? float.NaN : (float)Math.Round((random.NextDouble() * 4) - 2, 1);
            var a = float.IsNaN(features[r * 5]) ? 0 : features[r * 5];
            var b = float.IsNaN(features[(r * 5) + 1]) ? 1 : features[(r * 5) + 1];
            labels[r] = a + b > 0.5 ? 2 : a > -0.5 ? 1 : 0;
        }
        using var data = Lepton.Data.TensorDataset.FromArrays(features, new Shape(5), labels, ["low", "mid", "high"]);
        using var model = new Lepton.Training.Trees.GradientBoostingTrainer(new Lepton.Training.Trees.GradientBoostingOptions { NumberOfTrees = 15 })
            .Fit(data, TreeObjective.Multiclass, name: "gbm");
        var path = _folder.PathOf("gbm.lepton");
        model.Save(path);

        var (code, output) = CliRun.Invoke("export", path);

        Assert.True(code == 0, output);
        using var x = tensor(features).reshape(Rows, 5);
        var expected = model.Predict(x).data<float>().ToArray();
        using var session = new InferenceSession(_folder.PathOf("gbm.onnx"));
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(features, [Rows, 5]))]);
        var actual = results.Single().AsEnumerable<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++) Assert.InRange(actual[i] - expected[i], -1e-4, 1e-4);
    }

    [Fact]
    public void A_zoo_model_with_its_own_computation_loads_and_is_named()
    {
        using var model = new Lepton.Zoo.Anomaly.AnomalyAutoencoder(
            new Sequential(new Shape(4), new Dense(2, "relu")), new Sequential(new Shape(2), new Dense(4)));
        model.Build([new Shape(4)]);
        var path = _folder.PathOf("anomaly.lepton");
        model.Save(path);

        var (code, output) = CliRun.Invoke("export", path);

        Assert.Equal(2, code);
        Assert.Contains("(AnomalyAutoencoder) cannot be exported to ONNX: it is a subclass of Model", output);
    }

    [Theory]
    [InlineData("--opset", "12", "--opset must be from 13 to 17")]
    [InlineData("--format", "tflite", "tflite")]
    public void A_bad_option_is_a_usage_error(string option, string value, string message)
    {
        var path = SaveModel("small", new Dense(3));

        var (code, output) = CliRun.Invoke("export", path, option, value);

        Assert.Equal(2, code);
        Assert.Contains(message, output);
    }

    [Fact]
    public void A_missing_model_file_says_so()
    {
        var (code, output) = CliRun.Invoke("export", _folder.PathOf("nowhere.lepton"));

        Assert.Equal(2, code);
        Assert.Contains("does not exist", output);
    }
}
