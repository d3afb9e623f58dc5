using System.Text.Json;
using Lepton.Data.Pipelines;
using Lepton.Export.Runtime;
using Lepton.Nn.Losses;
using Lepton.Serving.Hosting;
using Lepton.Serving.Protocol;

namespace Lepton.Serving.Apis;

/// <summary>
/// What the prediction route takes and answers for one model, for its metadata: an image of a given size, records of
/// the training table's columns, or numbers; and classes, a value, or one of those per output feature.
/// </summary>
internal static class PredictSignature
{
    public static ModelMetadataResponse Describe(ModelMetadataResponse metadata, LoadedModel model)
    {
        var image = model.ImageFormat is { } format && model.Inputs.Count == 1 ? new ImageInputMetadata(format.Width, format.Height, format.Channels) : null;
        var columns = image is not null ? null : model.Columns is { } raw ? RawColumns(model, raw) : model.Table is { } table ? Columns(table) : null;
        var input = image is not null ? ModelMetadataResponse.ImageInput : columns is not null ? ModelMetadataResponse.RecordsInput : ModelMetadataResponse.InstancesInput;
        var features = model.Heads.Count > 0
            ? model.Heads.Select(h => h.IsClassification
                ? new OutputFeatureMetadata(h.Name, ModelMetadataResponse.ClassificationTask, h.ClassNames)
                : new OutputFeatureMetadata(h.Name, ModelMetadataResponse.RegressionTask)).ToList()
            : null;
        var task = features is not null ? ModelMetadataResponse.MultiOutputTask
            : IsClassifier(model) ? ModelMetadataResponse.ClassificationTask : ModelMetadataResponse.RegressionTask;
        return metadata with { PredictInput = input, Image = image, Columns = columns, Task = task, OutputFeatures = features };
    }

    /// <summary>The raw columns a record names, in training-table order, with their kinds, whether the pipeline can do without them and the categories it knows.</summary>
    private static List<ColumnMetadata> Columns(TablePreprocessing table)
    {
        var kinds = table.Pipeline.InputKinds;
        string? Kind(string column) => kinds.TryGetValue(column, out var kind) ? JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString()) : null;
        if (table.Inputs is not { } inputs) return table.Pipeline.InputColumns.Select(c => new ColumnMetadata(c, Kind(c), null, Values(table, c))).ToList();
        var required = table.MissingInputs([]).ToHashSet(StringComparer.Ordinal);
        return inputs.Select(c => new ColumnMetadata(c, Kind(c), required.Contains(c), Values(table, c))).ToList();
    }

    /// <summary>
    /// A whole table ONNX model's columns: every one required (the graph has no defaults), kinds and categories from
    /// the pipeline its metadata describes when it has one, else from the graph's types.
    /// </summary>
    private static List<ColumnMetadata> RawColumns(LoadedModel model, IReadOnlyList<RawColumn> columns)
    {
        FittedPipeline? pipeline;
        try
        {
            pipeline = FittedPipeline.FromPreprocessing(model.Metadata.Preprocessing);
        }
        catch (PipelineException)
        {
            pipeline = null;
        }
        string Kind(RawColumn column) => JsonNamingPolicy.SnakeCaseLower.ConvertName(
            (pipeline?.InputKinds.TryGetValue(column.Name, out var kind) == true ? kind : column.Kind).ToString());
        IReadOnlyList<string>? Values(RawColumn column) =>
            pipeline?.InputColumns.Contains(column.Name) == true && pipeline.CategoriesOf(column.Name) is { Count: <= MaxValues } values ? values : null;
        return columns.Select(c => new ColumnMetadata(c.Name, Kind(c), true, Values(c))).ToList();
    }

    // A form offers a choice of a few categories; thousands would only bloat every metadata answer.
    private const int MaxValues = 1000;

    private static IReadOnlyList<string>? Values(TablePreprocessing table, string column) =>
        table.Pipeline.CategoriesOf(column) is { Count: <= MaxValues } values ? values : null;

    // As evaluation decides it: class names, or a loss that gives class probabilities.
    private static bool IsClassifier(LoadedModel model) =>
        model.ClassNames.Count > 0 || model.Metadata.OutputLoss is BinaryCrossentropy or CategoricalCrossentropy or SparseCategoricalCrossentropy;
}
