using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;

namespace Lepton.Data.Tests.Pipelines;

public sealed class TablePreprocessingTests : IDisposable
{
    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    [Fact]
    public void Records_give_the_features_the_training_table_gave_and_the_pair_round_trips_through_a_model_file()
    {
        using var train = csv.Read("a,b,kind,label\n1,10,x,p\n2,20,y,q\n3,30,x,p\n4,40,y,q\n");
        var fitted = Pipeline.Create().OneHot("kind").Scale(Scaling.MinMax, "a", "b").Fit(train);
        var features = fitted.OutputColumns.Where(c => c != "label").ToList();
        var preprocessing = new JsonObject();
        new TablePreprocessing(fitted, features).WriteTo(preprocessing);

        var restored = TablePreprocessing.ReadFrom(JsonNode.Parse(preprocessing.ToJsonString())!.AsObject())!;
        Assert.Equal(features, restored.Features);
        var values = restored.FeaturesOf([JsonNode.Parse("""{"kind": "y", "b": 20, "a": 2}""")!.AsObject(), JsonNode.Parse("""{"a": 4, "b": 40, "kind": "x"}""")!.AsObject()]);

        using var applied = fitted.Apply(train);
        using var expected = FeatureTensors.ToFeatureTensor(applied.Table, [.. features]);
        var rows = expected.data<float>().ToArray();
        var width = features.Count;
        Assert.Equal(rows.AsSpan(1 * width, width).ToArray(), values.AsSpan(0, width).ToArray());
        // a = 4 and b = 40 are the training maxima (min-max 1), and the kind is x.
        Assert.Equal(features.Select(f => f.StartsWith("kind", StringComparison.Ordinal) ? (f.EndsWith('x') ? 1f : 0f) : 1f), values.AsSpan(width, width).ToArray());
    }

    [Fact]
    public void Features_the_pipeline_does_not_make_and_records_it_cannot_read_are_named()
    {
        using var train = csv.Read("a,b\n1,2\n3,4\n");
        var fitted = Pipeline.Create().Scale(Scaling.Standard, "a").Fit(train);
        var error = Assert.Throws<ArgumentException>(() => new TablePreprocessing(fitted, ["a", "c"]));
        Assert.Contains("'c'", error.Message);
        Assert.Null(TablePreprocessing.ReadFrom(new JsonObject()));

        var table = new TablePreprocessing(fitted, ["a", "b"]);
        var missing = Assert.Throws<PipelineException>(() => table.FeaturesOf([JsonNode.Parse("""{"b": 2}""")!.AsObject()]));
        Assert.Contains("'a'", missing.Message);
    }

    [Fact]
    public void Inputs_round_trip_and_every_missing_one_without_a_default_is_named_before_a_step_runs()
    {
        using var train = csv.Read("a,b,c,label\n1,10,x,p\n2,20,y,q\n3,30,x,p\n");
        var fitted = Pipeline.Create().WithDefault("c", "x").OneHot("c").Scale(Scaling.Standard, "a", "b").Fit(train);
        var stored = new JsonObject();
        new TablePreprocessing(fitted, ["a", "b", "c=x", "c=y"], inputs: ["a", "b", "c"]).WriteTo(stored);
        using var preprocessing = TablePreprocessing.ReadFrom(JsonNode.Parse(stored.ToJsonString())!.AsObject())!;
        Assert.Equal(["a", "b", "c"], preprocessing.Inputs);

        // 'c' has a default, so only 'a' and 'b' are missing; the target never is.
        Assert.Equal(["a", "b"], preprocessing.MissingInputs(["c", "label"]));
        var records = Assert.Throws<PipelineException>(() => preprocessing.FeaturesOf([JsonNode.Parse("""{"c": "y"}""")!.AsObject()]));
        Assert.StartsWith("No record has 'a' or 'b', which the model reads (its columns: a, b, c).", records.Message, StringComparison.Ordinal);
        using var partial = csv.Read("b,label\n5,p\n");
        var table = Assert.Throws<PipelineException>(() => preprocessing.Apply(partial));
        Assert.StartsWith("The table has no 'a', which the model reads", table.Message, StringComparison.Ordinal);
        Assert.Equal(4, preprocessing.FeaturesOf([JsonNode.Parse("""{"a": 1, "b": 2}""")!.AsObject()]).Length);

        var foreign = Assert.Throws<ArgumentException>(() => new TablePreprocessing(fitted, ["a"], inputs: ["a", "z"]));
        Assert.Contains("'z'", foreign.Message, StringComparison.Ordinal);
    }

    // Found by the fuzz tests (predict route, table model): a column holding dates where training had numbers failed in
    // DuckDB's cast, an exception the serving route did not expect (a 500).
    [Fact]
    public void A_column_of_another_kind_than_in_training_is_a_PipelineException_naming_the_step()
    {
        using var train = csv.Read("a,b\n1,10\n2,20\n3,30\n");
        var fitted = Pipeline.Create().Scale(Scaling.Standard, "a").Fit(train);
        using var dates = csv.Read("a,b\n2024-01-03,10\n2024-01-04,20\n");

        var error = Assert.Throws<PipelineException>(() => fitted.Apply(dates));
        Assert.Contains("cannot be applied to this table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_that_gives_a_field_twice_is_a_PipelineException_naming_the_record()
    {
        // Found by the predict-records fuzz target: a parsed JsonObject throws ArgumentException on a repeated name.
        using var train = csv.Read("x,y\n1,10\n2,20\n3,30\n");
        var fitted = Pipeline.Create().Scale(Scaling.Standard, "x", "y").Fit(train);
        using var preprocessing = new TablePreprocessing(fitted, ["x", "y"]);
        var twice = JsonNode.Parse("""{"x": 1, "y": 2, "y": 3}""")!.AsObject();

        var error = Assert.Throws<PipelineException>(() => preprocessing.FeaturesOf([JsonNode.Parse("""{"x": 1, "y": 2}""")!.AsObject(), twice]));

        Assert.Contains("Record 1 gives a field more than once", error.Message, StringComparison.Ordinal);
        Assert.Contains("'y'", error.Message.Replace("Key: y", "'y'", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
