using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Models;
using Lepton.Training.Automatic;
using Lepton.Training.Features;

namespace Lepton.Training.Tests.Automatic;

public sealed class TableTrainerTests
{
    private static readonly TableTrainingOptions Quick = new() { TimeLimit = TimeSpan.FromSeconds(5), Seed = 3 };

    [Fact]
    public void Plan_gives_each_column_a_role_and_says_why_columns_are_dropped()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var plan = new TableTrainer(Quick).Plan(table, "churn");

        var roles = plan.Columns.ToDictionary(c => c.Name);
        Assert.Equal(FeatureRole.Dropped, roles["customer_id"].Role);
        Assert.Contains("identifier", roles["customer_id"].Reason);
        Assert.Equal(FeatureRole.Dropped, roles["country"].Role);
        Assert.Contains("constant", roles["country"].Reason);
        Assert.Equal(FeatureRole.Dropped, roles["notes"].Role);
        Assert.Contains("missing", roles["notes"].Reason);
        Assert.Equal(FeatureRole.Number, roles["age"].Role);
        Assert.Equal(FeatureRole.Number, roles["spend"].Role);
        Assert.Equal(FeatureRole.Category, roles["city"].Role);
        Assert.Equal("one-hot", roles["city"].Preprocessing);
        Assert.Equal(FeatureRole.Binary, roles["premium"].Role);
        Assert.Equal(FeatureRole.Date, roles["joined"].Role);
        Assert.Equal(FeatureRole.Target, roles["churn"].Role);
        Assert.Equal(TrainingTask.Classification, plan.Task);
        Assert.Equal(["leave", "stay"], plan.ClassNames);
        Assert.Equal("accuracy", plan.Metric);
    }

    [Theory]
    [InlineData("rooms", null, TrainingTask.Classification, "only 5 distinct")]
    [InlineData("price", null, TrainingTask.Regression, "decimal")]
    [InlineData("district", null, TrainingTask.Classification, "categorical")]
    [InlineData("rooms", TrainingTask.Regression, TrainingTask.Regression, "asked for")]
    public void The_task_follows_the_target_unless_asked(string target, TrainingTask? asked, TrainingTask expected, string reason)
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Houses(folder));
        var plan = new TableTrainer(new TableTrainingOptions { Task = asked }).Plan(table, target);
        Assert.Equal(expected, plan.Task);
        Assert.Contains(reason, plan.TaskReason);
    }

    [Fact]
    public void A_target_that_is_not_a_column_is_refused_with_the_closest_names()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Houses(folder));
        var e = Assert.Throws<TrainingException>(() => new TableTrainer().Plan(table, "prise"));
        Assert.Contains("'prise' is not a column", e.Message);
        Assert.Contains("Did you mean 'price'", e.Message);
    }

    [Fact]
    public void A_target_with_one_class_is_refused()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(folder.Write("one.csv", "x,y\n1,a\n2,a\n3,a\n4,a\n"));
        var e = Assert.Throws<TrainingException>(() => new TableTrainer().Plan(table, "y"));
        Assert.Contains("one class ('a'", e.Message);
    }

    [Fact]
    public void A_text_target_for_regression_is_refused()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Houses(folder));
        var e = Assert.Throws<TrainingException>(() => new TableTrainer(new TableTrainingOptions { Task = TrainingTask.Regression }).Plan(table, "district"));
        Assert.Contains("regression cannot predict", e.Message);
    }

    [Fact]
    public void An_empty_table_is_refused()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(folder.Write("empty.csv", "x,y\n"));
        var e = Assert.Throws<TrainingException>(() => new TableTrainer().Plan(table, "y"));
        Assert.Contains("no rows", e.Message);
    }

    [Fact]
    public void Rows_without_a_target_are_left_out_and_counted()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder, missingTargets: 12));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = Quick.TimeLimit, Seed = Quick.Seed, Candidates = ["gbm"] });
        var plan = trainer.Plan(table, "churn");
        Assert.Equal(12, plan.MissingTargetRows);
        using var result = trainer.Train(table, plan);
        Assert.Equal(228, result.TrainRows + result.ValidationRows + result.TestRows);
        Assert.Equal(240, table.RowCount);
    }

    [Fact]
    public void A_trained_file_answers_raw_records_as_the_model_did_in_process()
    {
        using var folder = new TempFolder();
        var path = Tables.Customers(folder);
        using var table = Table.Read(path);
        var trainer = new TableTrainer(Quick);
        using var result = trainer.Train(table, trainer.Plan(table, "churn"));
        Assert.Equal(["linear", "gbm", "mlp"], result.Trials.Select(t => t.Name).Take(3));
        Assert.True(result.TestMetrics["accuracy"] > 0.7, $"test accuracy {result.TestMetrics["accuracy"]}");
        var file = folder.PathOf("churn.lepton");
        result.Save(file);

        using var loaded = Model.Load(file);
        using var preprocessing = TablePreprocessing.ReadFrom(loaded.Metadata.Preprocessing)!;
        Assert.Equal(["age", "spend", "city", "plan", "premium", "joined"], preprocessing.Inputs);
        Assert.Equal(ColumnKind.Integer, preprocessing.Pipeline.InputKinds["age"]);
        Assert.Equal(["leave", "stay"], loaded.Metadata.ClassNames);
        Assert.Equal(result.TestMetrics["accuracy"], loaded.Metadata.Metrics["test_accuracy"]);
        Assert.Equal("churn", loaded.Metadata.Spec["target"]!.GetValue<string>());
        Assert.Equal(result.Trials.Count, loaded.Metadata.Spec["trials"]!.AsArray().Count);
        Assert.Equal(result.Kept, loaded.Metadata.Spec["kept"]!.GetValue<string>());

        JsonObject[] records =
        [
            new() { ["age"] = 70, ["spend"] = 90.5, ["city"] = "Lyon", ["plan"] = "basic", ["premium"] = true, ["joined"] = "2021-03-04" },
            new() { ["age"] = 20, ["spend"] = null, ["city"] = "Paris", ["plan"] = "pro", ["premium"] = false, ["joined"] = "2022-07-01" },
        ];
        var features = preprocessing.FeaturesOf(records);
        using var input = TorchSharp.torch.tensor(features, [2, preprocessing.Features.Count]);
        using var fromFile = loaded.PredictProbabilities(input);
        using var inProcess = result.Model.PredictProbabilities(input);
        Assert.Equal(inProcess.data<float>().ToArray(), fromFile.data<float>().ToArray());
        var leaveOrStay = fromFile.data<float>().ToArray();
        Assert.True(leaveOrStay[0] > 0.5 && leaveOrStay[3] > 0.5, $"probabilities {string.Join(", ", leaveOrStay)}");
    }

    [Fact]
    public void A_small_table_is_bagged_five_ways_and_scored_out_of_fold()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder, rows: 120));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromMinutes(2), Seed = 3, Candidates = ["linear", "gbm"] });
        using var result = trainer.Train(table, trainer.Plan(table, "churn"));
        // The linear candidate is chosen (its C over the pooled out-of-fold loss) by its fold models, then refit on every row.
        Assert.StartsWith("refit on all 96 training rows; chosen by its 5 fold models: C ", result.Trials[0].Note, StringComparison.Ordinal);
        Assert.All(result.Trials.Take(2), t => Assert.Contains("5 fold models averaged", t.Note, StringComparison.Ordinal));
        Assert.Equal(96, result.TrainRows + result.ValidationRows);
        Assert.InRange(result.ValidationRows, 19, 20);
        var gbm = result.Kept switch
        {
            "gbm" => result.Model,
            "ensemble" => result.Model.Layers.OfType<Model>().FirstOrDefault(m => m.Name == "gbm"),
            _ => null,
        };
        if (gbm is not null) Assert.Equal(5, gbm.Layers.OfType<Model>().Count());
    }

    [Fact]
    public void One_bagging_fold_means_one_validation_split()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder, rows: 120));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(20), Seed = 3, Candidates = ["gbm"], BaggingFolds = 1 });
        using var result = trainer.Train(table, trainer.Plan(table, "churn"));
        Assert.DoesNotContain("fold", result.Trials[0].Note, StringComparison.Ordinal);
        Assert.Equal("gbm", result.Kept);
    }

    [Fact]
    public void Regression_keeps_the_better_candidate_and_reports_r2_rmse_and_mae()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Houses(folder));
        var trainer = new TableTrainer(Quick);
        using var result = trainer.Train(table, trainer.Plan(table, "price"));
        // The first candidate, or one that beat it on the validation rows by more than their noise.
        var kept = result.Trials.Last(t => t.Name == result.Kept);
        Assert.True(kept == result.Trials[0] || kept.ValidationScore > result.Trials[0].ValidationScore, string.Join("; ", result.Trials));
        Assert.True(result.TestMetrics["r2"] > 0.8, $"test r2 {result.TestMetrics["r2"]}");
        Assert.Contains("rmse", result.TestMetrics.Keys);
        Assert.Contains("mae", result.TestMetrics.Keys);
    }
}
