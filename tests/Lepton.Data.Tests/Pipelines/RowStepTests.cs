using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;

namespace Lepton.Data.Tests.Pipelines;

/// <summary>Steps that remove rows shape the training table; applied to new rows they are skipped unless asked, so every input keeps its output.</summary>
public sealed class RowStepTests : IDisposable
{
    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    private const string Train = "age,city,churn\n34,Lyon,1\n,Paris,0\n51,Lyon,\n17,Nice,0\n40,Lyon,1\n40,Lyon,1\n";

    [Fact]
    public void Drop_missing_and_filter_remove_training_rows_and_report_how_many()
    {
        using var table = csv.Read(Train);
        using var result = Pipeline.Create().DropMissing("churn").Filter("age >= 18").Deduplicate().Fit(table, out var fitted);

        Assert.Equal(2, result.Table.RowCount);
        Assert.Equal(1, result.Report.Step("drop rows missing churn").RowsDropped);
        Assert.Equal(2, result.Report.Step("keep rows where age >= 18").RowsDropped);
        Assert.Equal(1, result.Report.Step("deduplicate").RowsDropped);
        Assert.Equal(["drop rows missing churn", "keep rows where age >= 18", "deduplicate rows"], fitted.TrainingOnlySteps);
    }

    [Fact]
    public void Applied_to_new_rows_the_row_steps_are_skipped_and_noted_unless_asked()
    {
        using var table = csv.Read(Train);
        var fitted = Pipeline.Create().DropMissing("churn").Filter("age >= 18").Scale(Scaling.MinMax, "age").Fit(table);
        using var fresh = csv.Read("age,city,churn\n12,Lyon,\n,Nice,\n45,Paris,1\n");

        using var kept = fitted.Apply(fresh);
        Assert.Equal(3, kept.Table.RowCount);
        Assert.Contains("only training", Assert.Single(kept.Report.Step("drop rows").Notes));
        Assert.Equal(0, kept.Report.Step("keep rows").RowsDropped);

        using var dropped = fitted.Apply(fresh, dropRows: true);
        Assert.Equal(1, dropped.Table.RowCount);
        Assert.Equal(2, dropped.Report.Step("drop rows").RowsDropped);
    }

    [Fact]
    public void Row_steps_round_trip_through_json_and_a_model_file_pipeline_gives_one_row_per_record()
    {
        using var table = csv.Read(Train);
        var fitted = FittedPipeline.FromJson(Pipeline.Create().DropMissing("churn").Filter("age >= 18").Deduplicate().Scale(Scaling.MinMax, "age").Fit(table).ToJson());
        Assert.Equal(3, fitted.TrainingOnlySteps.Count);

        var preprocessing = new TablePreprocessing(fitted, ["age"]);
        // A record the filter would drop, and two equal ones: still three outputs, in order.
        var records = new[] { """{"age": 12, "city": "Lyon"}""", """{"age": 51, "city": "Lyon"}""", """{"age": 51, "city": "Lyon"}""" }
            .Select(r => JsonNode.Parse(r)!.AsObject()).ToList();
        Assert.Equal(3, preprocessing.FeaturesOf(records).Length);
    }

    [Fact]
    public void A_spec_names_row_steps_and_a_filter_on_a_missing_column_is_named_at_fit()
    {
        using var table = csv.Read(Train);
        var pipeline = PipelineSpec.Parse("""
            steps:
              - step: drop_missing
                columns: [churn]
              - step: filter
                where: "age >= 18 AND city <> 'Nice'"
            """);
        using var result = pipeline.Fit(table, out _);
        Assert.Equal(3, result.Table.RowCount);

        var typo = PipelineSpec.Parse("steps:\n  - step: filter\n    where: \"agee >= 18\"\n");
        var error = Assert.Throws<PipelineException>(() => typo.Fit(table));
        Assert.Contains("names the column 'agee', which the table does not have", error.Message);
        Assert.Contains("keep rows where agee >= 18", error.Message);

        Assert.Contains("needs 'where:'", Assert.Throws<PipelineException>(() => PipelineSpec.Parse("steps:\n  - step: filter\n")).Message);
        Assert.Contains("needs 'column:' or 'columns:'", Assert.Throws<PipelineException>(() => PipelineSpec.Parse("steps:\n  - step: drop_missing\n")).Message);
    }
}
