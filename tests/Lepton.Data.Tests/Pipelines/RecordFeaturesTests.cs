using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Pipelines;

/// <summary>Raw records through a model's table pipeline: typed as in training, in engines kept open between calls.</summary>
public sealed class RecordFeaturesTests : IDisposable
{
    private const string Train = "age,income,city,signed_up,label\n31,52000.5,Lyon,2021-03-04,yes\n45,,Paris,2020-11-30,no\n28,38000,Lyon,2022-01-15,no\n52,61000.25,Nice,2019-06-01,yes\n39,47000,Paris,2021-08-20,yes\n";

    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    private FittedPipeline Fitted()
    {
        using var train = csv.Read(Train);
        return Pipeline.Create().Impute("income", Imputation.Median).DateParts("signed_up", DatePart.Year, DatePart.Month)
            .OneHot("city").ScaleAllExcept(Scaling.Standard, "label").Fit(train);
    }

    private static List<JsonObject> Records(params string[] json) => json.Select(j => JsonNode.Parse(j)!.AsObject()).ToList();

    private float[] FromTable(FittedPipeline fitted, IReadOnlyList<string> features, string rowsCsv)
    {
        using var rows = csv.Read(rowsCsv, new Dictionary<string, ColumnKind> { ["income"] = ColumnKind.Float });
        using var applied = fitted.Apply(rows);
        using var tensor = FeatureTensors.ToFeatureTensor(applied.Table, [.. features]);
        return tensor.data<float>().ToArray();
    }

    [Fact]
    public void Records_give_the_same_features_as_the_same_rows_read_as_a_table_with_null_imputed_as_in_training()
    {
        var fitted = Fitted();
        var features = fitted.OutputColumns.Where(c => c != "label").ToList();
        using var table = new TablePreprocessing(fitted, features);

        var values = table.FeaturesOf(Records(
            """{"age": 41, "income": 50000, "city": "Lyon", "signed_up": "2021-05-06"}""",
            """{"age": 33, "income": null, "city": "Tokyo", "signed_up": "2020-02-03"}"""));

        Assert.Equal(FromTable(fitted, features, "age,income,city,signed_up\n41,50000,Lyon,2021-05-06\n33,,Tokyo,2020-02-03\n"), values);
    }

    [Fact]
    public void Rows_of_a_table_dataset_are_the_same_examples_with_the_same_preprocessing()
    {
        var fitted = Fitted();
        using var preprocessing = new TablePreprocessing(fitted, fitted.OutputColumns.Where(c => c != "label").ToList());
        using var rows = csv.Read(Train);
        using var all = TableDataset.FromTable(rows, preprocessing, "label", ["false", "true"]);

        using var picked = all.Rows([3, 0]);

        Assert.Same(preprocessing, picked.Preprocessing);
        Assert.Equal(2, picked.Count);
        Assert.Equal(all.Features[3].data<float>().ToArray().Concat(all.Features[0].data<float>().ToArray()), picked.Features.data<float>().ToArray());
        Assert.Equal(new long[] { 1, 1 }, picked.Labels.data<long>().ToArray());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => all.Rows([5]));
        Assert.Contains("Row 5 is outside the dataset of 5 examples", error.Message);
    }

    [Fact]
    public void The_pipeline_keeps_the_training_tables_column_kinds_and_uses_them_for_records()
    {
        var fitted = FittedPipeline.FromJson(Fitted().ToJson());
        Assert.Equal(ColumnKind.Integer, fitted.InputKinds["age"]);
        Assert.Equal(ColumnKind.Float, fitted.InputKinds["income"]);
        using var table = new TablePreprocessing(fitted, fitted.OutputColumns.Where(c => c != "label").ToList());

        // An integer where training had a float, a number as text, and a column sent only as null all read as training's.
        var typed = table.FeaturesOf(Records("""{"age": "41", "income": 50000, "city": "Lyon", "signed_up": "2021-05-06"}"""));
        var plain = table.FeaturesOf(Records("""{"age": 41, "income": 50000.0, "city": "Lyon", "signed_up": "2021-05-06"}"""));
        Assert.Equal(plain, typed);
        Assert.Equal(table.Features.Count, table.FeaturesOf(Records("""{"age": 41, "income": null, "city": null, "signed_up": "2020-01-01"}""", """{"age": 41, "city": "Nice", "signed_up": "2021-05-06"}""")).Length / 2);
    }

    [Fact]
    public void A_pipeline_saved_without_column_kinds_still_reads_records()
    {
        var json = JsonNode.Parse(Fitted().ToJson())!.AsObject();
        json.Remove("input_kinds");
        var old = FittedPipeline.FromJsonObject(json);
        Assert.Empty(old.InputKinds);
        var features = old.OutputColumns.Where(c => c != "label").ToList();
        using var table = new TablePreprocessing(old, features);
        using var current = new TablePreprocessing(Fitted(), features);

        var records = Records("""{"age": 41, "income": 50000.5, "city": "Paris", "signed_up": "2021-05-06"}""");
        Assert.Equal(current.FeaturesOf(records), table.FeaturesOf(records));
    }

    [Fact]
    public void Several_threads_at_once_each_get_the_features_of_their_own_records()
    {
        var fitted = Fitted();
        using var table = new TablePreprocessing(fitted, fitted.OutputColumns.Where(c => c != "label").ToList());
        var inputs = Enumerable.Range(0, 12).Select(i => Records(Enumerable.Range(0, 1 + i % 4).Select(r =>
            $$"""{"age": {{20 + i + r}}, "income": {{(r == 1 ? "null" : (30000 + 1000 * i).ToString(System.Globalization.CultureInfo.InvariantCulture))}}, "city": "{{(i % 2 == 0 ? "Lyon" : "Nice")}}", "signed_up": "2021-0{{1 + i % 9}}-02"}""").ToArray())).ToList();
        var expected = inputs.Select(table.FeaturesOf).ToList();

        var results = new float[inputs.Count][][];
        Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
            results[i] = Enumerable.Range(0, 5).Select(_ => table.FeaturesOf(inputs[i])).ToArray());

        for (var i = 0; i < inputs.Count; i++)
            Assert.All(results[i], r => Assert.Equal(expected[i], r));
    }

    [Fact]
    public void Engines_are_reused_bounded_and_closed_with_the_preprocessing()
    {
        using var engines = new RecordEngines(maxEngines: 2);
        var fitted = Fitted();
        var features = fitted.OutputColumns.Where(c => c != "label").ToList();
        var records = RecordColumns.Of(Records("""{"age": 41, "income": 5, "city": "Lyon", "signed_up": "2021-05-06"}"""), fitted.InputColumns, fitted.InputKinds);

        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => engines.Features(fitted, features, records));
        Assert.InRange(engines.Idle, 1, 2);

        engines.Dispose();
        Assert.Equal(0, engines.Idle);
        Assert.Throws<ObjectDisposedException>(() => engines.Features(fitted, features, records));
    }

    [Fact]
    public void Errors_name_the_missing_column_and_the_step_that_cannot_take_a_value_and_the_engine_stays_usable()
    {
        var fitted = Fitted();
        using var table = new TablePreprocessing(fitted, fitted.OutputColumns.Where(c => c != "label").ToList());

        var missing = Assert.Throws<PipelineException>(() => table.FeaturesOf(Records("""{"age": 41, "income": 5, "signed_up": "2021-05-06"}""")));
        Assert.Contains("'city'", missing.Message, StringComparison.Ordinal);
        var none = Assert.Throws<PipelineException>(() => table.FeaturesOf(Records("""{"nothing": 1}""")));
        Assert.Contains("'income'", none.Message, StringComparison.Ordinal);
        var date = Assert.Throws<PipelineException>(() => table.FeaturesOf(Records("""{"age": "2024-01-03", "income": 5, "city": "Lyon", "signed_up": "2021-05-06"}""")));
        Assert.Contains("standard", date.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("cannot be applied", date.Message, StringComparison.Ordinal);
        Assert.Throws<PipelineException>(() => table.FeaturesOf([]));

        Assert.Equal(table.Features.Count, table.FeaturesOf(Records("""{"age": 41, "income": 5, "city": "Lyon", "signed_up": "2021-05-06"}""")).Length);
    }
}
