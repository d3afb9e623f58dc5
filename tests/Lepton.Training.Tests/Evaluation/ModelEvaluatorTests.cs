using Lepton.Data;
using Lepton.Data.Images;
using Lepton.Data.Tables;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Optimizers;
using static TorchSharp.torch;
using Lepton.Nn.Models;
using Lepton.Training.Evaluation;

namespace Lepton.Training.Tests.Evaluation;

public sealed class ModelEvaluatorTests
{
    [Fact]
    public void A_table_classifier_is_evaluated_through_its_stored_pipeline_and_rows_without_a_target_are_counted()
    {
        using var folder = new TempFolder();
        var model = SavedAndLoaded(TableModel.Classifier(TableModel.WriteCsv(folder)), folder);
        using var test = Table.Read(TableModel.WriteCsv(folder, "test.csv", rows: 40, missingTargetEvery: 10));

        var evaluation = ModelEvaluator.Evaluate(model, test, "animal");

        Assert.Equal("classification", evaluation.Task);
        Assert.Equal(36, evaluation.Rows);
        Assert.Equal(4, evaluation.RowsWithoutTarget);
        Assert.Equal(TableModel.Classes, evaluation.Classification!.ClassNames);
        Assert.True(evaluation.Classification.Accuracy > 0.8, $"accuracy {evaluation.Classification.Accuracy}");
    }

    [Fact]
    public void A_table_regressor_gets_r2_rmse_and_mae()
    {
        using var folder = new TempFolder();
        var model = SavedAndLoaded(TableModel.Regressor(TableModel.WriteCsv(folder)), folder);
        using var test = Table.Read(TableModel.WriteCsv(folder, "test.csv", rows: 40));

        var evaluation = ModelEvaluator.Evaluate(model, test, "y");

        Assert.Equal("regression", evaluation.Task);
        Assert.True(evaluation.Regression!.R2 > 0.8, $"R² {evaluation.Regression.R2}");
        Assert.Equal(["mae", "r2", "rmse"], evaluation.Metrics.Keys.Order().ToArray());
    }

    [Fact]
    public void A_class_the_model_never_saw_is_an_error_naming_the_row_and_the_value()
    {
        using var folder = new TempFolder();
        var model = TableModel.Classifier(TableModel.WriteCsv(folder));
        using var test = Table.Read(TableModel.WriteCsv(folder, "test.csv", rows: 20, extraClass: "yak"));

        var error = Assert.Throws<EvaluationException>(() => ModelEvaluator.Evaluate(model, test, "animal"));

        Assert.Contains("Data row 6", error.Message);
        Assert.Contains("'yak'", error.Message);
        Assert.Contains("cat, dog, emu", error.Message);
    }

    [Fact]
    public void A_column_the_model_needs_that_the_data_lacks_is_an_error_naming_it()
    {
        using var folder = new TempFolder();
        var model = TableModel.Classifier(TableModel.WriteCsv(folder));
        using var test = Table.Read(folder.Write("test.csv", "size,animal\n1.5,dog\n0.2,cat\n"));

        var error = Assert.Throws<EvaluationException>(() => ModelEvaluator.Evaluate(model, test, "animal"));

        Assert.Contains("colour", error.Message);
    }

    [Fact]
    public void Without_a_stored_target_the_target_column_must_be_named()
    {
        using var folder = new TempFolder();
        var model = TableModel.Classifier(TableModel.WriteCsv(folder));
        using var test = Table.Read(TableModel.WriteCsv(folder, "test.csv", rows: 10));

        var error = Assert.Throws<EvaluationException>(() => ModelEvaluator.Evaluate(model, test));
        model.Metadata.Preprocessing[Lepton.Data.Pipelines.TableDataset.TargetKey] = "animal";
        var evaluation = ModelEvaluator.Evaluate(model, test);

        Assert.Contains("--target", error.Message);
        Assert.Equal(10, evaluation.Rows);
    }

    [Fact]
    public void An_image_folder_is_read_by_class_folder_in_the_models_image_format_and_unreadable_files_are_counted()
    {
        using var folder = new TempFolder();
        var format = new ImageFormat { Channels = 1, Height = 8, Width = 8 };
        LeptonRuntime.Seed(5);
        // Dark images are class "dark", bright ones "bright": a tiny dense model learns that in a few epochs.
        using var images = new Data.TensorDataset(cat([rand(16, 1, 8, 8) * 0.3, rand(16, 1, 8, 8) * 0.3 + 0.7]), cat([zeros(16, ScalarType.Int64), ones(16, ScalarType.Int64)]));
        var model = new Sequential(format.Shape, new Flatten(), new Dense(2));
        model.Compile(new Adam(0.05), new SparseCategoricalCrossentropy(fromLogits: true));
        model.Fit(images, epochs: 20, batchSize: 8, verbose: Nn.Training.Verbosity.Silent);
        model.Metadata.ClassNames = ["dark", "bright"];
        format.WriteTo(model.Metadata.Preprocessing);
        foreach (var (name, level) in new[] { ("dark", 0.1), ("bright", 0.9) })
        {
            Directory.CreateDirectory(folder.PathOf($"photos/{name}"));
            for (var i = 0; i < 3; i++)
            {
                using var image = full(new long[] { 1, 8, 8 }, level);
                format.SavePng(image, folder.PathOf($"photos/{name}/{i}.png"));
            }
        }
        File.WriteAllText(folder.PathOf("photos/dark/broken.png"), "not an image");

        var evaluation = ModelEvaluator.EvaluateImageFolder(model, folder.PathOf("photos"));

        Assert.Equal(6, evaluation.Rows);
        Assert.Equal(1, evaluation.UnreadableImages);
        Assert.Equal(1.0, evaluation.Classification!.Accuracy);
        Directory.CreateDirectory(folder.PathOf("photos/grey"));
        var error = Assert.Throws<EvaluationException>(() => ModelEvaluator.EvaluateImageFolder(model, folder.PathOf("photos")));
        Assert.Contains("'grey'", error.Message);
    }

    private static Model SavedAndLoaded(Model model, TempFolder folder)
    {
        var path = folder.PathOf("model.lepton");
        model.Save(path);
        return Model.Load(path);
    }
}
