using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Nn.Models;

namespace Lepton.Export.Onnx.Tables;

/// <summary>
/// The front of a whole table model: one input per raw column, the fitted pipeline's steps, and the feature columns
/// side by side in the model's input order (one value per model input), which the network then reads.
/// </summary>
internal static class TableModelConverter
{
    /// <summary>Writes the inputs and steps; returns the features value of each of the model's inputs.</summary>
    /// <exception cref="OnnxExportException">A step the model needs cannot be written, or the features do not fit the model's inputs.</exception>
    public static IReadOnlyList<string> Convert(OnnxGraphBuilder graph, Model model, TablePreprocessing table, bool floatInputs)
    {
        var columns = new TableColumns(graph, table.Pipeline, floatInputs, table.Inputs);
        var steps = new TableStepConverter(graph, columns);
        // The steps as the model file stores them, each with the description people read.
        var stored = table.Pipeline.ToJsonObject()["steps"] as JsonArray ?? [];
        var fitted = stored.Select((json, i) => new FittedStep((JsonObject)json!, table.Pipeline.Steps[i]));
        // Row-removing steps shape the training table only; prediction skips them (FittedPipeline.Apply), and so does the file.
        foreach (var step in fitted.Where(s => !TableStepConverter.DropsRows(s))) steps.Convert(step);

        if (model.InputShapes.Count != table.InputSizes.Count)
            throw new OnnxExportException($"Model '{model.Name}' has {model.InputShapes.Count} inputs, but its table pipeline makes features for {table.InputSizes.Count}; export it with NetworkOnly.");
        var features = new List<string>();
        var offset = 0;
        for (var i = 0; i < table.InputSizes.Count; i++)
        {
            var size = table.InputSizes[i];
            if (!model.InputShapes[i].Equals(new Shape(size)))
                throw new OnnxExportException($"Model '{model.Name}' input '{model.InputNames[i]}' has shape {model.InputShapes[i].ToBatchString()}, but its table pipeline gives it {size} features; export it with NetworkOnly.");
            var values = table.Features.Skip(offset).Take(size).Select(f => Feature(columns, f)).ToList();
            var joined = values.Count == 1 ? values[0] : graph.Node("Concat", values, $"{model.InputNames[i]}/features_double", OnnxAttributes.Int("axis", 1));
            // The pipeline computes in double as its SQL does; features become float32 only here, as Lepton's feature tensor.
            var input = graph.Node("Cast", [joined], $"{model.InputNames[i]}/features", OnnxAttributes.Int("to", (long)global::Onnx.TensorProto.Types.DataType.Float));
            graph.Describe(input, new Shape(size));
            features.Add(input);
            offset += size;
        }
        return features;
    }

    private static string Feature(TableColumns columns, string name)
    {
        var column = columns.Get(name, wantText: false, "features");
        if (column.IsText)
            throw new OnnxExportException($"The model reads the column '{name}' as a feature, but it holds text after the pipeline; encode it (one-hot, ordinal, target) before training.");
        return column.Value;
    }
}
