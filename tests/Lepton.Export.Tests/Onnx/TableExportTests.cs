using System.Text.Json.Serialization;
using Lepton.Data.Pipelines;
using Lepton.Export.Onnx;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;

namespace Lepton.Export.Tests.Onnx;

/// <summary>
/// Whole table models: raw columns in, the fitted pipeline as ONNX / ONNX-ML operators, the network, probabilities and
/// class name out; equal to Lepton's records route (pipeline, Predict, the loss's probabilities) for every step type
/// that converts, on records with missing values and unseen categories; a clear refusal naming the step and column
/// for the others.
/// </summary>
public sealed class TableExportTests
{
    /// <summary>The step types each case below covers, by the name the pipeline's JSON gives them.</summary>
    private static readonly string[] Converted = ["impute", "scale", "log", "outliers", "onehot", "ordinal", "target_encode", "pca", "polynomial",
        "variance_threshold", "correlation_filter", "select_best", "model_selection", "drop_columns"];
    private static readonly string[] TrainingOnly = ["drop_missing", "filter", "deduplicate"];
    private static readonly string[] Refused = ["hashing", "date_parts", "tfidf", "token_ids", "subword_ids"];

    private static readonly string[] Numbers = ["age", "income", "income_twin", "visits"];

    public static TheoryData<string> Cases => new(PipelineCases.Keys);

    private static readonly Dictionary<string, (Func<Pipeline> Pipeline, bool Missing)> PipelineCases = new()
    {
        ["impute"] = (() => Pipeline.Create().Impute(Imputation.Mean, "age").Impute("income", Imputation.Median).Impute("visits", 2.0)
            .Impute("city", Imputation.Mode).Impute("plan", "basic").OneHot("city").OneHot("plan").Drop("income_twin"), true),
        ["scale"] = (() => Pipeline.Create().Impute(Imputation.Mean, Numbers).Scale(Scaling.MinMax, "age").Scale(Scaling.Standard, "income")
            .Scale(Scaling.Robust, "visits").OneHot("city"), true),
        ["quantile"] = (() => Pipeline.Create().Impute(Imputation.Median, Numbers).Scale(Scaling.Quantile, "age", "income", "visits"), true),
        ["log"] = (() => Pipeline.Create().Impute(Imputation.Mean, Numbers).Log("income", "visits"), true),
        ["outliers"] = (() => Pipeline.Create().Winsorize("income", 0.1, 0.9).Outliers("age", OutlierAction.Clip, 0.5)
            .Outliers("visits", OutlierAction.Drop, 0.5), false),
        ["onehot"] = (() => Pipeline.Create().OneHot("city").OneHot("plan").OneHot("visits").OneHot("member").Drop("age", "income", "income_twin", "flat"), false),
        ["ordinal"] = (() => Pipeline.Create().Ordinal("city").Ordinal("visits").Ordinal("member").Ordinal("plan").Drop("age", "income", "income_twin"), false),
        ["target"] = (() => Pipeline.Create().TargetEncode("city", "bought").TargetEncode("plan", "bought", smoothing: 3).Drop("age", "income", "income_twin"), false),
        ["pca"] = (() => Pipeline.Create().Impute(Imputation.Mean, Numbers).Scale(Scaling.Standard, "age", "income", "income_twin", "visits").Pca(2, "bought", "flat"), true),
        ["polynomial"] = (() => Pipeline.Create().Impute(Imputation.Mean, Numbers).Scale(Scaling.Standard, "age", "visits", "income")
            .Polynomial(["age", "visits"]).Polynomial(["income", "age"], interactionOnly: true), true),
        ["selection"] = (() => Pipeline.Create().Impute(Imputation.Mean, Numbers).VarianceThreshold(0, "bought").CorrelationFilter(0.9, "bought")
            .SelectBest("bought", FeatureScore.MutualInformation, 3).Drop("member"), true),
        ["linear_selection"] = (() => Pipeline.Create().Impute(Imputation.Median, Numbers).EliminateRecursively("bought", 2).OneHot("plan"), true),
        ["l1_selection"] = (() => Pipeline.Create().Impute(Imputation.Median, Numbers).Scale(Scaling.Standard, "age", "income").SelectL1("bought", 0.05), true),
        ["training_only"] = (() => Pipeline.Create().DropMissing("age").Filter("income > 20").Deduplicate().Outliers("income", OutlierAction.Drop)
            .Impute(Imputation.Mean, Numbers).OneHot("city"), true),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Raw_records_give_Lepton_outputs_probabilities_and_class(string name)
    {
        using var folder = new TempFolder();
        var (pipeline, missing) = PipelineCases[name];
        var (fitted, features) = TableCases.Fit(folder, pipeline());
        var model = TableCases.Network(fitted, features, seed: name.Length);
        var records = TableCases.Records(60, seed: 11, missing, unseen: true);
        var path = TableCases.ExportAndCompare(model, records, folder.Path, name);
        TableCases.Compare(model, path, records.Take(1).ToList(), name + " (one record)");
        OnnxChecker.AssertValid(path);
    }

    [Fact]
    public void Every_step_type_converts_is_skipped_as_training_only_or_is_refused()
    {
        var stepType = typeof(FittedPipeline).Assembly.GetType("Lepton.Data.Pipelines.Steps.PipelineStep")!;
        var all = stepType.GetCustomAttributes(typeof(JsonDerivedTypeAttribute), false).Cast<JsonDerivedTypeAttribute>()
            .Select(a => (string)a.TypeDiscriminator!).Order().ToArray();
        Assert.Equal(all, Converted.Concat(TrainingOnly).Concat(Refused).Order().ToArray());
    }

    [Theory]
    [InlineData("hash", "hash city into 16 buckets", "city", "MD5")]
    [InlineData("dates", "date parts of day", "day", "reads a date from text")]
    [InlineData("tfidf", "TF-IDF of note", "note", "cuts text into words")]
    [InlineData("tokens", "word ids of note (length 4)", "note", "cuts text into words")]
    [InlineData("subwords", "cl100k_base token ids of note (length 4)", "note", "byte-pair tokenizer")]
    [InlineData("ffill", "impute age (forwardfill)", "age", "neighbouring rows")]
    public void A_step_without_ONNX_operators_is_refused_naming_step_column_and_reason(string name, string step, string column, string reason)
    {
        using var folder = new TempFolder();
        var pipeline = name switch
        {
            "hash" => Pipeline.Create().Hash("city"),
            "dates" => Pipeline.Create().DateParts("day"),
            "tfidf" => Pipeline.Create().TfIdf("note", 5),
            "tokens" => Pipeline.Create().TokenIds("note", 20, 4),
            "subwords" => Pipeline.Create().SubwordIds("note", 4),
            _ => Pipeline.Create().Impute("age", Imputation.ForwardFill),
        };
        var (fitted, features) = TableCases.Fit(folder, pipeline.Impute(Imputation.Mean, "income"));
        var model = TableCases.Network(fitted, features, seed: 1);

        var error = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(model));
        Assert.Contains($"Step '{step}' (column '{column}') cannot be exported to ONNX", error.Message);
        Assert.Contains(reason, error.Message);

        // The network alone still exports.
        Assert.NotEmpty(OnnxExport.ToBytes(model, new OnnxExportOptions { NetworkOnly = true }));
    }

    [Fact]
    public void A_refused_step_whose_columns_the_model_does_not_read_does_not_stop_the_export()
    {
        using var folder = new TempFolder();
        var (fitted, features) = TableCases.Fit(folder, Pipeline.Create().Impute(Imputation.Mean, Numbers).Hash("city", 4).OneHot("plan"), "city#0", "city#1", "city#2", "city#3");
        var model = TableCases.Network(fitted, features, seed: 2);
        var path = TableCases.ExportAndCompare(model, TableCases.Records(20, 3, missing: true, unseen: true), folder.Path, "hash_unread");
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.DoesNotContain(proto.Graph.Input, i => i.Name == "city");
    }

    [Fact]
    public void The_file_reads_raw_columns_by_name_and_type_and_says_what_it_needs()
    {
        using var folder = new TempFolder();
        var (fitted, features) = TableCases.Fit(folder, Pipeline.Create().DropMissing("age").Impute(Imputation.Mean, Numbers).OneHot("city").Drop("income_twin", "member"));
        var model = TableCases.Network(fitted, features, seed: 3);
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model));

        // Only the columns the model reads, in the training table's order; categories as strings.
        Assert.Equal(["age", "income", "visits", "flat", "city"], proto.Graph.Input.Select(i => i.Name));
        Assert.Equal((int)global::Onnx.TensorProto.Types.DataType.String, proto.Graph.Input.Single(i => i.Name == "city").Type.TensorType.ElemType);
        Assert.Equal((int)global::Onnx.TensorProto.Types.DataType.Double, proto.Graph.Input.Single(i => i.Name == "age").Type.TensorType.ElemType);
        Assert.Equal(["output", "probabilities", "label"], proto.Graph.Output.Select(o => o.Name));
        Assert.Contains(proto.Graph.Node, n => n.Domain == "ai.onnx.ml" && n.OpType == "LabelEncoder");
        Assert.Contains(proto.OpsetImport, o => o.Domain == "ai.onnx.ml" && o.Version == 2);
        var metadata = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("""{"age":"number","income":"number","visits":"number","flat":"number","city":"text"}""", metadata["table_inputs"]);
        Assert.Equal("""["drop rows missing age"]""", metadata["training_only_steps"]);
    }

    [Fact]
    public void Number_columns_can_be_float32_inputs_for_a_network()
    {
        using var folder = new TempFolder();
        var (fitted, features) = TableCases.Fit(folder, Pipeline.Create().Impute(Imputation.Mean, Numbers).Scale(Scaling.Standard, "age", "income").OneHot("city"));
        var model = TableCases.Network(fitted, features, seed: 6);
        var path = TableCases.ExportAndCompare(model, TableCases.Records(40, 9, missing: true, unseen: true), folder.Path, "floats", new OnnxExportOptions { TableFloatInputs = true });

        var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.Equal((int)global::Onnx.TensorProto.Types.DataType.Float, proto.Graph.Input.Single(i => i.Name == "age").Type.TensorType.ElemType);
        OnnxChecker.AssertValid(path);
    }

    [Fact]
    public void NetworkOnly_keeps_the_network_with_the_feature_vector_as_input()
    {
        using var folder = new TempFolder();
        var (fitted, features) = TableCases.Fit(folder, Pipeline.Create().Impute(Imputation.Mean, Numbers).OneHot("city"));
        var model = TableCases.Network(fitted, features, seed: 4);
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model, new OnnxExportOptions { NetworkOnly = true }));

        Assert.Equal("input", proto.Graph.Input.Single().Name);
        Assert.Equal("output", proto.Graph.Output.Single().Name);
    }

    [Fact]
    public void A_tree_model_gets_the_pipeline_and_the_sigmoid_of_its_scores()
    {
        using var folder = new TempFolder();
        var (fitted, features) = TableCases.Fit(folder, Pipeline.Create().Impute(Imputation.Median, "age").Scale(Scaling.Standard, "income").OneHot("city").TargetEncode("plan", "bought"));
        var trees = TreeCases.Random(9, features.Count, 1, 25, 4, Nn.Layers.TreeObjective.Binary);
        var model = new Sequential(new Shape(features.Count), [trees], "gbm");
        model.Metadata.ClassNames = ["no", "yes"];
        model.Metadata.OutputLoss = new BinaryCrossentropy(fromLogits: true);
        new TablePreprocessing(fitted, features).WriteTo(model.Metadata.Preprocessing);
        // Missing incomes reach the trees as NaN: they take each node's default branch, as in Lepton.
        var records = TableCases.Records(200, seed: 21, missing: false, unseen: true);

        var path = TableCases.ExportAndCompare(model, records, folder.Path, "gbm");

        var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.Contains(proto.Graph.Node, n => n.OpType == "TreeEnsembleRegressor");
        Assert.Contains(proto.Graph.Node, n => n.OpType == "Sigmoid");
        Assert.Contains(proto.OpsetImport, o => o.Domain == "ai.onnx.ml" && o.Version == 3);
        OnnxChecker.AssertValid(path);
    }

    [Fact]
    public void An_ensemble_of_table_models_is_one_file_from_raw_records_to_its_probabilities()
    {
        using var folder = new TempFolder();
        var (fitted, features) = TableCases.Fit(folder, Pipeline.Create().Impute(Imputation.Mean, Numbers).Scale(Scaling.Standard, "age", "income").OneHot("city").OneHot("plan"));
        var ensemble = new Lepton.Export.Ensembles.Ensemble([TableCases.Network(fitted, features, 7), TableCases.Network(fitted, features, 8)], Lepton.Export.Ensembles.EnsembleMethod.Averaging, [2, 1]);
        new TablePreprocessing(fitted, features).WriteTo(ensemble.Metadata.Preprocessing);

        var path = TableCases.ExportAndCompare(ensemble, TableCases.Records(40, 12, missing: true, unseen: true), folder.Path, "ensemble");
        OnnxChecker.AssertValid(path);
    }

    [Fact]
    public void A_regression_model_gives_its_value_only()
    {
        using var folder = new TempFolder();
        var (fitted, features) = TableCases.Fit(folder, Pipeline.Create().Impute(Imputation.Median, Numbers).Log("income").TargetEncode("city", "bought"));
        var model = new Sequential(new Shape(features.Count), [new Nn.Layers.Dense(4, "relu"), new Nn.Layers.Dense(1)], "regressor");
        ExportVerification.Randomize(model, 9);
        model.Metadata.OutputLoss = new MeanSquaredError();
        new TablePreprocessing(fitted, features).WriteTo(model.Metadata.Preprocessing);

        var path = TableCases.ExportAndCompare(model, TableCases.Records(30, 13, missing: true, unseen: true), folder.Path, "regressor");
        OnnxChecker.AssertValid(path);
    }

    [Fact]
    public void A_model_with_two_inputs_gets_its_features_split_as_training_split_them()
    {
        using var folder = new TempFolder();
        var (fitted, features) = TableCases.Fit(folder, Pipeline.Create().Impute(Imputation.Mean, Numbers).Scale(Scaling.Standard, "age", "income").OneHot("city"));
        var first = new Nn.Layers.Input(new Shape(2), "numbers");
        var second = new Nn.Layers.Input(new Shape(features.Count - 2), "rest");
        var merged = new Nn.Layers.Concatenate().Apply(new Nn.Layers.Dense(4, "relu").Apply(first), second);
        var model = new Model([first, second], new Nn.Layers.Dense(3).Apply(merged), name: "two_inputs");
        ExportVerification.Randomize(model, 5);
        model.Metadata.ClassNames = TableCases.Classes;
        model.Metadata.OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true);
        new TablePreprocessing(fitted, features, [2, features.Count - 2]).WriteTo(model.Metadata.Preprocessing);

        var path = TableCases.ExportAndCompare(model, TableCases.Records(30, 8, missing: true, unseen: true), folder.Path, "two_inputs");
        OnnxChecker.AssertValid(path);
    }
}
