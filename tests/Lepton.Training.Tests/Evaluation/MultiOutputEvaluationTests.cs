using System.Text.Json.Nodes;
using Lepton.Data.Tables;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;
using Lepton.Training.Automatic;
using Lepton.Training.Evaluation;
using Lepton.Training.Specs;
using Lepton.Training.Tests.Automatic;

namespace Lepton.Training.Tests.Evaluation;

/// <summary>A model of two outputs (churn, a class; age, a number), trained once from a spec for every test here.</summary>
public sealed class TwoOutputModel : IDisposable
{
    public TwoOutputModel()
    {
        Folder = new TempFolder();
        Data = Tables.Customers(Folder);
        using var table = Table.Read(Data);
        var spec = TrainingSpec.Parse("""
            input_features: [{name: spend, type: number}, {name: plan, type: category}, {name: premium, type: binary}]
            output_features: [{name: churn, type: binary}, {name: age, type: number}]
            combiner: {fc_layers: [16]}
            trainer: {epochs: 8, learning_rate: 0.01, time_limit: 20s}
            """, "two.yaml");
        var trainer = new TableTrainer();
        using var result = trainer.Train(table, trainer.PlanFromSpec(table, spec));
        Path = Folder.PathOf("two.lepton");
        result.Model.Save(Path);
    }

    public TempFolder Folder { get; }

    public string Data { get; }

    public string Path { get; }

    public void Dispose() => Folder.Dispose();
}

public sealed class MultiOutputEvaluationTests(TwoOutputModel trained) : IClassFixture<TwoOutputModel>
{
    [Fact]
    public void Each_output_is_scored_as_a_model_of_that_one_output_and_the_json_is_keyed_by_output()
    {
        using var model = Model.Load(trained.Path);
        using var table = Table.Read(trained.Data);

        var evaluation = ModelEvaluator.EvaluateOutputs(model, table);

        Assert.Equal(["churn", "age"], evaluation.Outputs.Select(o => o.Output));
        var churn = evaluation["churn"].Classification!;
        Assert.Equal(["leave", "stay"], churn.ClassNames);
        Assert.Equal(240, churn.Count);
        Assert.True(churn.Accuracy > 0.6, $"accuracy {churn.Accuracy}");
        Assert.Null(evaluation["churn"].Regression);
        var age = evaluation["age"].Regression!;
        Assert.Equal(240, age.Count);
        Assert.Contains("r2", evaluation["age"].Metrics.Keys);

        // The same figures as the one-output path gives when asked for that output.
        Assert.Equal(evaluation["age"].Metrics, ModelEvaluator.Evaluate(model, table, "age").Metrics);
        var json = JsonNode.Parse(evaluation.ToJson())!;
        Assert.Equal("multi_output", json["task"]!.GetValue<string>());
        Assert.Equal(churn.Accuracy, json["outputs"]!["churn"]!["metrics"]!["accuracy"]!.GetValue<double>());
        Assert.Equal("regression", json["outputs"]!["age"]!["task"]!.GetValue<string>());
        Assert.NotNull(json["outputs"]!["churn"]!["confusion_matrix"]);
        Assert.NotNull(json["outputs"]!["age"]!["residual_histogram"]);
    }

    [Fact]
    public void A_missing_output_column_is_an_error_naming_it_and_empty_values_are_left_out_per_output()
    {
        using var model = Model.Load(trained.Path);
        var lines = File.ReadAllLines(trained.Data);
        var header = lines[0].Split(',');
        var ageColumn = Array.IndexOf(header, "age");
        var noAge = trained.Folder.Write("no-age.csv", string.Join('\n', lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != ageColumn)))) + "\n");
        using (var table = Table.Read(noAge))
        {
            var e = Assert.Throws<EvaluationException>(() => ModelEvaluator.EvaluateOutputs(model, table));
            Assert.Contains("has no 'age' column", e.Message);
            Assert.Contains("--target churn", e.Message);
            Assert.Equal("churn", Assert.Single(ModelEvaluator.EvaluateOutputs(model, table, ["churn"]).Outputs).Output);
        }

        // Three rows without an age: left out of the age figures only.
        var blanked = lines.Select((l, row) => row is >= 1 and <= 3 ? string.Join(',', l.Split(',').Select((v, i) => i == ageColumn ? "" : v)) : l);
        using var partial = Table.Read(trained.Folder.Write("partial.csv", string.Join('\n', blanked) + "\n"));
        var evaluation = ModelEvaluator.EvaluateOutputs(model, partial);
        Assert.Equal(3, evaluation["age"].RowsWithoutTarget);
        Assert.Equal(237, evaluation["age"].Rows);
        Assert.Equal(0, evaluation["churn"].RowsWithoutTarget);
    }

    [Fact]
    public void Evaluate_asks_which_output_and_refuses_an_output_the_model_does_not_have()
    {
        using var model = Model.Load(trained.Path);
        using var table = Table.Read(trained.Data);

        var e = Assert.Throws<EvaluationException>(() => ModelEvaluator.Evaluate(model, table));
        Assert.Contains("2 outputs (churn, age)", e.Message);
        e = Assert.Throws<EvaluationException>(() => ModelEvaluator.EvaluateOutputs(model, table, ["spend"]));
        Assert.Contains("'spend' is not an output of the model; its outputs: churn, age", e.Message);
        Assert.Equal(["leave", "stay"], ModelEvaluator.Evaluate(model, table, "churn").Classification!.ClassNames);
    }

    [Fact]
    public async Task The_report_has_a_section_per_output_with_its_charts_named_after_it()
    {
        using var model = Model.Load(trained.Path);
        using var table = Table.Read(trained.Data);
        var evaluation = ModelEvaluator.EvaluateOutputs(model, table);
        var path = trained.Folder.PathOf("eval.html");

        var charts = await EvaluationReport.WriteAsync(evaluation, path);

        var names = charts.Select(c => System.IO.Path.GetFileName(c)).ToList();
        Assert.Contains("churn-confusion-matrix.png", names);
        Assert.Contains("churn-roc.png", names);
        Assert.Contains("age-residuals.png", names);
        Assert.Contains("age-predicted-vs-actual.png", names);
        Assert.Equal(7, names.Count);
        var html = File.ReadAllText(path);
        Assert.Contains("<section class=\"output\" id=\"output-churn\"", html);
        Assert.Contains("<section class=\"output\" id=\"output-age\"", html);
        Assert.Contains("id=\"churn-metrics\"", html);
        Assert.Contains("id=\"age-charts\"", html);
        Assert.Equal(7, html.Split("src=\"data:image/png;base64,").Length - 1);
    }

    [Fact]
    public void A_list_of_outputs_that_does_not_tile_the_output_is_refused_as_a_malformed_file()
    {
        using var model = Model.Load(trained.Path);
        var heads = OutputHead.Of(model);
        Assert.Equal([("churn", 0, 2), ("age", 2, 1)], heads.Select(h => (h.Name, h.Offset, h.Width)));
        Assert.True(heads[0].IsClassification);

        model.Metadata.Spec[OutputHead.SpecKey]![1]!["offset"] = 3;
        var e = Assert.Throws<ModelFileException>(() => OutputHead.Of(model));
        Assert.Contains("output 'age' starts at column 3, but the heads before it end at column 2", e.Message);
        model.Metadata.Spec[OutputHead.SpecKey]![1]!["offset"] = 2;
        model.Metadata.Spec[OutputHead.SpecKey]![1]!["width"] = 2;
        e = Assert.Throws<ModelFileException>(() => OutputHead.Of(model));
        Assert.Contains("0 class names for a head of width 2", e.Message);
    }
}
