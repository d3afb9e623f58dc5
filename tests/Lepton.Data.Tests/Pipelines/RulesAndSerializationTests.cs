using Lepton.Data.Pipelines;
using Lepton.Data.Splits;
using Lepton.Data.Tests.Tables;

namespace Lepton.Data.Tests.Pipelines;

public sealed class RulesAndSerializationTests : IDisposable
{
    private readonly Csv csv = new();

    public void Dispose() => csv.Dispose();

    [Fact]
    public void Scaler_statistics_come_from_the_training_table_not_the_one_transformed()
    {
        using var train = csv.Read("v\n0\n10\n");
        using var test = csv.Read("v\n100\n200\n");
        var fitted = Pipeline.Create().Scale(Scaling.MinMax, "v").Fit(train);
        using var result = fitted.Apply(test);
        Assert.Equal([10.0, 20.0], result.Table.GetDoubles("v"));   // fitted on test it would be 0 and 1
        Assert.Contains("\"Center\"", fitted.ToJson());
    }

    [Fact]
    public void A_missing_column_is_an_error_naming_it_and_the_step()
    {
        using var train = csv.Read("age,city\n30,a\n40,b\n");
        var fitted = Pipeline.Create().Impute("age", Imputation.Median).OneHot("city").Fit(train);
        using var test = csv.Read("city\na\n");
        var error = Assert.Throws<PipelineException>(() => fitted.Apply(test));
        Assert.Contains("'age'", error.Message);
        Assert.Contains("impute age (median)", error.Message);
        Assert.Contains("WithDefault", error.Message);
    }

    [Fact]
    public void A_configured_default_fills_a_missing_column_and_is_reported()
    {
        using var train = csv.Read("age,city\n30,a\n,b\n");
        var fitted = Pipeline.Create().WithDefault("age", 35).Impute("age", Imputation.Mean).OneHot("city").Fit(train);
        using var test = csv.Read("city\na\n");
        using var result = fitted.Apply(test);
        Assert.Equal([35.0], result.Table.GetDoubles("age"));
        Assert.Equal("defaults for missing columns", result.Report.Steps[0].Step);
        Assert.Contains("age = 35", result.Report.ToString());
    }

    [FactIfSklearnData]
    public void A_pipeline_saved_and_loaded_gives_identical_outputs()
    {
        using var iris = Iris.Read();
        using var split = Splitter.Stratified(iris, "species", 0.3, seed: 1);
        var fitted = Pipeline.Create()
            .Winsorize("sepal_width", 0.02, 0.98)
            .Impute(Imputation.Median)
            .Polynomial(["petal_length", "petal_width"], interactionOnly: true)
            .ScaleAllExcept(Scaling.Standard, "species")
            .Pca(3, "species")
            .TargetEncode("species", "pc1", folds: 3)
            .Fit(split.Train);
        var json = fitted.ToJson();
        var path = Path.Combine(csv.Folder, "pipeline.json");
        fitted.Save(path);
        var loaded = FittedPipeline.Load(path);
        Assert.Equal(json, loaded.ToJson());

        using var a = fitted.Apply(split.Test);
        using var b = loaded.Apply(split.Test);
        Assert.Equal(["species", "pc1", "pc2", "pc3"], a.Table.Columns.Select(c => c.Name));
        foreach (var column in a.Table.Columns.Select(c => c.Name))
            Assert.Equal(a.Table.GetDoubles(column), b.Table.GetDoubles(column));
        Assert.Equal(a.Report.ToString(), b.Report.ToString());
    }

    [Fact]
    public void Json_that_is_not_a_pipeline_is_refused_with_a_reason()
    {
        Assert.Contains("not a Lepton pipeline", Assert.Throws<PipelineException>(() => FittedPipeline.FromJson("{\"format\":\"x\"}")).Message);
        Assert.Contains("newer Lepton", Assert.Throws<PipelineException>(() => FittedPipeline.FromJson("{\"format\":\"lepton.pipeline\",\"version\":99}")).Message);
        Assert.Contains("cannot be read", Assert.Throws<PipelineException>(() => FittedPipeline.FromJson("{\"steps\":[{\"step\":\"nope\"}]}")).Message);
    }

    [Fact]
    public void A_feature_tensor_has_one_row_per_row_and_refuses_missing_values()
    {
        using var table = csv.Read("a,b,c\n1,2,x\n3,4,y\n");
        using var features = FeatureTensors.ToFeatureTensor(table, "a", "b");
        Assert.Equal([2L, 2L], features.shape);
        Assert.Equal([1f, 2f, 3f, 4f], features.data<float>().ToArray());
        using var labels = FeatureTensors.ToLabelTensor(table, "c", ["x", "y"]);
        Assert.Equal([0L, 1L], labels.data<long>().ToArray());
        using var gappy = csv.Read("a\n1\n\n");
        Assert.Contains("Impute", Assert.Throws<PipelineException>(() => FeatureTensors.ToFeatureTensor(gappy, "a")).Message);
    }

    [Fact]
    public void A_feature_tensor_needs_its_columns_named_so_a_numeric_label_is_never_a_feature()
    {
        using var table = csv.Read("pixel_1,pixel_2,flag,digit\n0,16,true,3\n5,7,false,10\n");

        var error = Assert.Throws<PipelineException>(() => FeatureTensors.ToFeatureTensor(table));
        Assert.Contains("Name the feature columns", error.Message);
        Assert.Contains("FeatureColumns(table, target)", error.Message);

        var features = FeatureTensors.FeatureColumns(table, "digit");
        Assert.Equal(["pixel_1", "pixel_2", "flag"], features);
        using var x = FeatureTensors.ToFeatureTensor(table, [.. features]);
        Assert.Equal([2L, 3L], x.shape);
        Assert.Equal(["pixel_1", "pixel_2", "flag", "digit"], FeatureTensors.FeatureColumns(table, null));
        Assert.Contains("'label' is not a column", Assert.Throws<PipelineException>(() => FeatureTensors.FeatureColumns(table, "label")).Message);
    }

    [Fact]
    public void Class_names_of_integer_labels_sort_as_numbers_and_text_labels_as_text()
    {
        using var digits = csv.Read("digit\n10\n2\n\n-1\n2\n0\n");
        Assert.Equal(["-1", "0", "2", "10"], FeatureTensors.ClassNames(digits, "digit"));
        using var text = csv.Read("kind\nb\n10\na\n2\n", new() { ["kind"] = Lepton.Data.Tables.ColumnKind.Categorical });
        Assert.Equal(["10", "2", "a", "b"], FeatureTensors.ClassNames(text, "kind"));
        Assert.Contains("'label' is not a column", Assert.Throws<PipelineException>(() => FeatureTensors.ClassNames(text, "label")).Message);
    }

    [Fact]
    public void A_column_missing_throughout_training_round_trips_and_stays_missing()
    {
        using var train = csv.Read("a,b\n1,\n2,\n", new() { ["b"] = Lepton.Data.Tables.ColumnKind.Float });
        var fitted = Pipeline.Create().Scale(Scaling.Standard).Fit(train);
        var loaded = FittedPipeline.FromJson(fitted.ToJson());
        using var test = csv.Read("a,b\n3,4\n");
        using var result = loaded.Apply(test);
        Assert.Equal([3.0], result.Table.GetDoubles("a"));   // (3 − 1.5) / 0.5
        Assert.Equal([null], result.Table.GetDoubles("b"));
    }
}
