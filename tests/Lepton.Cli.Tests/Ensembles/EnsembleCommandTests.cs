using System.Globalization;
using Lepton.Data.Images;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Export.Ensembles;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;

namespace Lepton.Cli.Tests.Ensembles;

/// <summary><c>lepton ensemble MODEL… --output e.lepton</c>: averaging, voting and stacking over model files, and its errors.</summary>
public sealed class EnsembleCommandTests : IDisposable
{
    private static readonly string[] Classes = ["low", "mid", "high"];
    private static readonly string[] Colors = ["red", "green", "blue"];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Row(int i) => string.Create(CultureInfo.InvariantCulture,
        $"{(i * 37 % 100) / 10.0},{(i % 9 == 0 ? "" : (i % 13).ToString(CultureInfo.InvariantCulture))},{Colors[i % 3]},{Classes[i * 37 % 100 / 34]}");

    private string Csv(string name, int from, int count) =>
        _folder.Write(name, "x,size,color,label\n" + string.Join("\n", Enumerable.Range(from, count).Select(Row)) + "\n");

    /// <summary>Table models sharing one fitted pipeline, each a network trained from its own seed.</summary>
    private string[] TableModels(params int[] seeds)
    {
        using var train = Table.Read(Csv("train.csv", 0, 150));
        using var transformed = Pipeline.Create().Impute("size", Imputation.Median).OneHot("color").Scale(Scaling.Standard, "x", "size").Fit(train, out var fitted);
        using var preprocessing = new TablePreprocessing(fitted, ["x", "size", "color=blue", "color=green", "color=red"]);
        return [.. seeds.Select(seed =>
        {
            LeptonRuntime.Seed(seed);
            using var model = new Sequential(new Shape(preprocessing.Features.Count), new Dense(8, "relu"), new Dense(Classes.Length));
            model.Compile(new Adam(0.02), new SparseCategoricalCrossentropy(fromLogits: true));
            using var features = FeatureTensors.ToFeatureTensor(transformed.Table, [.. preprocessing.Features]);
            using var labels = FeatureTensors.ToLabelTensor(transformed.Table, "label", Classes);
            model.Fit(new Lepton.Data.TensorDataset(features, labels, Classes), epochs: 4, batchSize: 16, verbose: Lepton.Nn.Training.Verbosity.Silent);
            model.Metadata.ClassNames = Classes;
            model.Metadata.OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true);
            preprocessing.WriteTo(model.Metadata.Preprocessing);
            model.Metadata.Preprocessing[TableDataset.TargetKey] = "label";
            var path = _folder.PathOf($"m{seed}.lepton");
            model.Save(path);
            return path;
        })];
    }

    [Fact]
    public void Averaged_members_are_saved_as_one_model_whose_probabilities_are_their_mean_and_scored_beside_them()
    {
        var members = TableModels(1, 2, 3);
        var test = Csv("test.csv", 300, 60);
        var output = _folder.PathOf("out/average.lepton");

        var (code, text) = CliRun.Invoke(["ensemble", .. members, "--output", output, "--test", test]);

        Assert.True(code == 0, text);
        Assert.Contains("ensemble (averaging)", text);
        Assert.Contains("average of 3 models, 3 outputs", text);
        using var ensemble = Assert.IsType<Ensemble>(Model.Load(output));
        Assert.Equal(EnsembleMethod.Averaging, ensemble.Method);
        Assert.Equal(Classes, ensemble.Metadata.ClassNames);
        Assert.NotNull(TablePreprocessing.ReadFrom(ensemble.Metadata.Preprocessing));
        using var scope = NewDisposeScope();
        var x = randn(7, 5);
        var expected = stack(members.Select(m =>
        {
            using var model = Model.Load(m);
            return model.PredictProbabilities(x);
        }).ToList()).mean([0]);
        Assert.True(ensemble.Predict(x).allclose(expected, atol: 1e-5));

        // The printed ensemble figure is the saved model's accuracy, as lepton evaluate reports it.
        var (evaluated, evaluation) = CliRun.Invoke("evaluate", output, test);
        Assert.True(evaluated == 0, evaluation);
        var accuracy = evaluation.Split('\n').Single(l => l.StartsWith("accuracy:", StringComparison.Ordinal)).Split(':')[1].Trim();
        var row = text.Split('\n').Single(l => l.Contains("ensemble (averaging)", StringComparison.Ordinal) && l.Contains("accuracy", StringComparison.Ordinal));
        Assert.Contains(accuracy, row);
    }

    [Fact]
    public void Stacking_fits_its_meta_learner_on_the_held_out_rows_and_the_saved_model_predicts()
    {
        var members = TableModels(4, 5);
        var heldOut = Csv("held-out.csv", 200, 80);
        var output = _folder.PathOf("stack.lepton");

        var (code, text) = CliRun.Invoke(["ensemble", .. members, "-o", output, "--method", "stack", "--held-out", heldOut]);

        Assert.True(code == 0, text);
        Assert.Contains("Fitted the meta-learner on 80 held-out examples", text);
        using var ensemble = Assert.IsType<Ensemble>(Model.Load(output));
        Assert.True(ensemble.MetaLearnerFitted);
        using var x = randn(4, 5);
        using var probabilities = ensemble.Predict(x);
        Assert.True(probabilities.sum(1).allclose(ones(4), atol: 1e-5));
    }

    [Fact]
    public void Image_members_stack_on_an_image_folder_whose_classes_are_matched_by_name()
    {
        var format = new ImageFormat { Channels = 1, Height = 8, Width = 8 };
        var members = new[] { 1, 2 }.Select(seed =>
        {
            LeptonRuntime.Seed(seed);
            using var model = new Sequential(new Shape(1, 8, 8), new Flatten(), new Dense(3));
            model.Metadata.ClassNames = Classes;
            model.Metadata.OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true);
            format.WriteTo(model.Metadata.Preprocessing);
            var path = _folder.PathOf($"image{seed}.lepton");
            model.Save(path);
            return path;
        }).ToArray();
        var images = Path.Combine(_folder.Path, "images");
        // Folders in another order than the model's classes: labels follow the names.
        foreach (var (label, index) in new[] { ("high", 0), ("low", 1), ("mid", 2) })
        {
            Directory.CreateDirectory(Path.Combine(images, label));
            for (var i = 0; i < 4; i++)
            {
                using var scope = NewDisposeScope();
                format.SavePng(full(1, 8, 8, (index * 0.4) + (i * 0.05)), Path.Combine(images, label, $"{i}.png"));
            }
        }
        var output = _folder.PathOf("images.lepton");

        var (code, text) = CliRun.Invoke(["ensemble", .. members, "-o", output, "--method", "stack", "--held-out", images]);

        Assert.True(code == 0, text);
        Assert.Contains("Fitted the meta-learner on 12 held-out examples", text);
        using var ensemble = Assert.IsType<Ensemble>(Model.Load(output));
        Assert.NotNull(ImageFormat.FromPreprocessing(ensemble.Metadata.Preprocessing));
    }

    [Fact]
    public void Members_with_different_classes_or_preprocessing_are_refused_by_name_and_nothing_is_written()
    {
        var members = TableModels(1, 2);
        using (var other = Model.Load(members[1]))
        {
            other.Metadata.ClassNames = ["high", "mid", "low"];
            other.Save(_folder.PathOf("reordered.lepton"));
            other.Metadata.ClassNames = Classes;
            other.Metadata.Preprocessing = [];
            other.Save(_folder.PathOf("raw.lepton"));
        }
        var output = _folder.PathOf("never.lepton");

        var (reordered, text) = CliRun.Invoke("ensemble", members[0], _folder.PathOf("reordered.lepton"), "-o", output);
        Assert.Equal(2, reordered);
        Assert.Contains("names its classes high, mid, low", text);

        var (raw, rawText) = CliRun.Invoke("ensemble", members[0], _folder.PathOf("raw.lepton"), "-o", output);
        Assert.Equal(2, raw);
        Assert.Contains("reads its inputs differently", rawText);
        Assert.Contains("table_pipeline", rawText);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("--method stack", "--held-out DATA")]
    [InlineData("--weights 1,2,3", "--weights has 3 values for 2 models")]
    [InlineData("--weights 1,-2", "'-2', is not a non-negative number")]
    [InlineData("--method stack --held-out x.csv --weights 1,1", "--weights are for average and vote")]
    [InlineData("--held-out x.csv", "--held-out is for --method stack")]
    public void Bad_options_are_usage_errors(string options, string message)
    {
        var members = TableModels(1, 2);

        var (code, text) = CliRun.Invoke(["ensemble", .. members, "-o", _folder.PathOf("e.lepton"), .. options.Split(' ')]);

        Assert.Equal(2, code);
        Assert.Contains(message, text);
    }

    [Fact]
    public void The_output_must_be_a_lepton_file()
    {
        var members = TableModels(1, 2);

        var (code, text) = CliRun.Invoke(["ensemble", .. members, "-o", _folder.PathOf("e.onnx")]);

        Assert.Equal(2, code);
        Assert.Contains("must be a .lepton file", text);
    }
}
