using System.IO.Compression;
using System.Text.Json.Nodes;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Serialization;
using Lepton.Nn.Tests.Training;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Serialization;

public sealed class ModelFileTests
{
    private static (Model Model, string Path) SavedModel()
    {
        LeptonRuntime.Seed(21);
        using var data = TestData.Separable(128);
        var model = new Sequential(new Dense(8, "relu"), new Dense(2));
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
        model.Fit(data, epochs: 1, batchSize: 32, verbose: Verbosity.Silent);
        model.Metadata.Preprocessing = new JsonObject { ["scale"] = 0.5 };
        model.Metadata.Metrics["test_accuracy"] = 0.75;
        model.Metadata.Description = "a test model";
        var path = FitTests.TempFile();
        model.Save(path);
        return (model, path);
    }

    [Fact]
    public void Loading_reproduces_predictions_and_metadata_exactly()
    {
        var (model, path) = SavedModel();
        var loaded = Model.Load(path);
        var x = randn(16, 4);
        Assert.True(model.PredictProbabilities(x).eq(loaded.PredictProbabilities(x)).all().item<bool>());
        Assert.Equal(["negative", "positive"], loaded.Metadata.ClassNames);
        Assert.Equal(0.5, loaded.Metadata.Preprocessing["scale"]!.GetValue<double>());
        Assert.Equal(0.75, loaded.Metadata.Metrics["test_accuracy"]);
        Assert.Equal("a test model", loaded.Metadata.Description);
        Assert.Equal(new Shape(4), loaded.InputShapes[0]);
    }

    [Fact]
    public void A_loaded_model_evaluates_without_compiling()
    {
        var (model, path) = SavedModel();
        using var data = TestData.Separable(64, seed: 99);
        var expected = model.Evaluate(data)["loss"];
        Assert.Equal(expected, Model.Load(path).Evaluate(data)["loss"], 6);
    }

    [Fact]
    public void A_truncated_file_gives_a_clear_error()
    {
        var (_, path) = SavedModel();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Corrupted_weights_are_detected()
    {
        var (_, path) = SavedModel();
        // Rewrite weights.bin with one flipped byte but a valid zip around it.
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("weights.bin")!;
            byte[] weights;
            using (var stream = entry.Open())
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                weights = copy.ToArray();
            }
            weights[weights.Length / 2] ^= 0xFF;
            entry.Delete();
            using var replaced = zip.CreateEntry("weights.bin").Open();
            replaced.Write(weights);
        }
        var error = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Contains("corrupted", error.Message);
    }

    [Theory]
    [InlineData("not a model at all")]
    [InlineData("")]
    public void A_foreign_file_gives_a_clear_error(string content)
    {
        var path = FitTests.TempFile();
        File.WriteAllText(path, content);
        var error = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Contains("not a readable Lepton model file", error.Message);
    }

    [Fact]
    public void A_zip_that_is_not_a_model_gives_a_clear_error()
    {
        var path = FitTests.TempFile();
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create)) zip.CreateEntry("readme.txt");
        var error = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Contains("no model.json", error.Message);
    }

    [Fact]
    public void A_missing_file_names_the_path()
    {
        var error = Assert.Throws<ModelFileException>(() => Model.Load("/nonexistent/model.lepton"));
        Assert.Contains("/nonexistent/model.lepton", error.Message);
    }

    [Fact]
    public void Saving_replaces_the_file_atomically_and_leaves_no_temporary_files()
    {
        var (model, path) = SavedModel();
        model.Save(path);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}*.tmp"));
        Assert.NotNull(Model.Load(path));
    }

    [Fact]
    public void A_custom_layer_loads_once_registered()
    {
        var model = new Sequential(new Shape(3), new Dense(4), new Scale(2.5));
        model.Metadata.OutputLoss = new SparseCategoricalCrossentropy();
        var path = FitTests.TempFile();
        model.Save(path);

        LayerRegistry.Register<Scale>();
        var loaded = Model.Load(path);
        var x = randn(5, 3);
        Assert.True(model.Predict(x).eq(loaded.Predict(x)).all().item<bool>());
    }

    [Fact]
    public void An_unregistered_custom_layer_says_how_to_register_it()
    {
        var model = new Sequential(new Shape(3), new Dense(4), new Unregistered());
        var path = FitTests.TempFile();
        model.Save(path);
        var error = Assert.Throws<ModelFileException>(() => Model.Load(path));
        Assert.Contains("LayerRegistry.Register<Unregistered>()", error.Message);
    }

    [Fact]
    public void Saving_an_unbuilt_model_says_why_it_cannot()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Sequential(new Dense(2)).Save(FitTests.TempFile()));
        Assert.Contains("not built", error.Message);
    }

    /// <summary>A user-defined layer: multiplies by a constant.</summary>
    public sealed class Scale : Layer
    {
        public Scale(double factor, string? name = null) : base(name ?? DefaultName<Scale>()) => Factor = factor;

        public Scale(LayerConfig config) : this(config.GetDouble("factor"), config.Name)
        {
        }

        public double Factor { get; }

        public override LayerConfig GetConfig() => base.GetConfig().Set("factor", Factor);

        protected override Shape Build(Shape input) => input;

        protected override Tensor Call(Tensor input) => input * Factor;
    }

    /// <summary>A user-defined layer nobody registers.</summary>
    public sealed class Unregistered : Layer
    {
        public Unregistered() : base(DefaultName<Unregistered>())
        {
        }

        protected override Shape Build(Shape input) => input;

        protected override Tensor Call(Tensor input) => input.alias();
    }
}
