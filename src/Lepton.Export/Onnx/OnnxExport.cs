using System.Text.Json;
using Google.Protobuf;
using Lepton.Data.Pipelines;
using Lepton.Export.Onnx.Tables;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Onnx;

namespace Lepton.Export.Onnx;

/// <summary>
/// Writes a Lepton model as an ONNX file that ONNX Runtime (or any ONNX consumer) runs with the outputs of
/// <see cref="Model.Predict(TorchSharp.torch.Tensor[])"/>: inputs named as the model's, a dynamic batch dimension,
/// and the model's class names and preprocessing in the file's metadata. A model trained on a table is written whole:
/// its raw columns as inputs, the fitted pipeline, the network, and the class probabilities and name.
/// </summary>
public static class OnnxExport
{
    /// <summary>The name of the file's output (unless <see cref="OnnxExportOptions.OutputPerHead"/> names one per head).</summary>
    public const string OutputName = "output";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> as ONNX, atomically (nothing is left behind on error).</summary>
    /// <exception cref="OnnxExportException">A layer cannot be exported; the message names it and says why.</exception>
    public static void Save(Model model, string path, OnnxExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.Write(path, ToBytes(model, options));
    }

    /// <summary>The ONNX file's bytes for <paramref name="model"/>.</summary>
    /// <exception cref="OnnxExportException">A layer cannot be exported; the message names it and says why.</exception>
    public static byte[] ToBytes(Model model, OnnxExportOptions? options = null) => Build(model, options ?? new OnnxExportOptions()).ToByteArray();

    internal static ModelProto Build(Model model, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.IsBuilt)
            throw LayerConverters.Unsupported(model, "it is not built, so its input shapes are unknown; give it an input shape or run it once");
        var graph = new OnnxGraphBuilder(model.Name, options.Opset, options.BatchDimension);
        using var table = options.NetworkOnly ? null : TableOf(model);
        var loss = model.Compiled?.Loss ?? model.Metadata.OutputLoss;
        var heads = options.OutputPerHead ? OutputHead.Of(model) : [];
        // The output names are taken first, so no layer's value (nor a raw column) can claim them.
        foreach (var name in heads.Count > 0 ? heads.Select(h => h.Name) : [OutputName]) graph.Fresh(name);
        if (table is not null) foreach (var name in TableOutputs(model, loss)) graph.Fresh(name);
        IReadOnlyList<string> inputs = model.InputNames;
        if (table is null)
        {
            for (var i = 0; i < inputs.Count; i++) graph.Input(inputs[i], model.InputShapes[i]);
        }
        else
        {
            inputs = TableModelConverter.Convert(graph, model, table, options.TableFloatInputs);
        }
        var last = LayerConverters.Convert(graph, model, inputs);
        if (heads.Count > 0)
        {
            foreach (var head in heads)
            {
                var columns = new[] { graph.Int64s(head.Offset), graph.Int64s(head.Offset + head.Width), graph.Int64s(1) };
                graph.Graph.Node.Add(new NodeProto { OpType = "Slice", Name = $"{head.Name}/Slice", Input = { last, columns[0], columns[1], columns[2] }, Output = { head.Name } });
                graph.Output(head.Name, new Shape(head.Width));
            }
        }
        else
        {
            if (graph.Graph.Node.Count > 0 && graph.Graph.Node[^1].Output.Contains(last)) Rename(graph.Graph, last, OutputName);
            else graph.Graph.Node.Add(new NodeProto { OpType = "Identity", Name = "output/Identity", Input = { last }, Output = { OutputName } });
            graph.Output(OutputName, model.OutputShape);
        }
        if (table is not null) WriteTableOutputs(graph, model, loss, heads.Count > 0 ? last : OutputName);

        var version = typeof(Model).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var proto = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "lepton",
            ProducerVersion = version,
            Domain = "ai.lepton",
            ModelVersion = 1,
            DocString = model.Metadata.Description ?? "",
            Graph = graph.Graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = options.Opset });
        foreach (var (domain, domainVersion) in graph.Domains) proto.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = domainVersion });
        foreach (var (key, value) in Metadata(model, version)) proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        if (table is not null)
            foreach (var (key, value) in TableMetadata(graph.Graph, table)) proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto;
    }

    /// <summary>The model's table pipeline with its features, or null for a model trained on tensors.</summary>
    private static TablePreprocessing? TableOf(Model model)
    {
        try
        {
            return TablePreprocessing.ReadFrom(model.Metadata.Preprocessing);
        }
        catch (PipelineException e)
        {
            throw new OnnxExportException($"Model '{model.Name}' has a table pipeline that cannot be read: {e.Message} Export the network alone with NetworkOnly (lepton export --network-only).", e);
        }
    }

    /// <summary>The outputs a whole table model has besides the raw one: probabilities for a classifier, and its class name when the classes are known.</summary>
    private static IEnumerable<string> TableOutputs(Model model, Loss? loss)
    {
        if (!ProbabilityConverter.GivesProbabilities(loss)) yield break;
        yield return ProbabilityConverter.ProbabilitiesName;
        if (HasLabel(model, loss)) yield return ProbabilityConverter.LabelName;
    }

    private static bool HasLabel(Model model, Loss? loss)
    {
        var classes = model.Metadata.ClassNames.Count;
        var width = model.OutputShape.Dimensions is [var w] ? w : 0;
        return classes > 0 && loss is not MultiOutputLoss && (width == classes || (width == 1 && classes == 2));
    }

    private static void WriteTableOutputs(OnnxGraphBuilder graph, Model model, Loss? loss, string output)
    {
        if (ProbabilityConverter.GivesProbabilities(loss))
        {
            var probabilities = ProbabilityConverter.Probabilities(graph, loss, output, "probabilities/value");
            graph.Identity(probabilities, ProbabilityConverter.ProbabilitiesName);
            graph.Output(ProbabilityConverter.ProbabilitiesName, model.OutputShape);
            if (HasLabel(model, loss))
            {
                var label = ProbabilityConverter.Label(graph, probabilities, model.OutputShape[0], model.Metadata.ClassNames);
                graph.Identity(label, ProbabilityConverter.LabelName);
                graph.Output(ProbabilityConverter.LabelName, new Shape(1), TensorProto.Types.DataType.String);
            }
        }
        // The pipeline wrote every raw column and step; keep what the outputs need, inputs in the training table's order.
        GraphPruning.RemoveUnused(graph.Graph);
    }

    /// <summary>The metadata key of a whole table model's raw columns and their types (<c>{"age": "number", "city": "text"}</c>).</summary>
    internal const string TableInputsKey = "table_inputs";

    /// <summary>What a consumer of a whole table model needs to feed it: its raw columns with their types, and the steps only training ran.</summary>
    private static IEnumerable<(string Key, string Value)> TableMetadata(GraphProto graph, TablePreprocessing table)
    {
        var inputs = graph.Input.ToDictionary(i => i.Name, i => i.Type.TensorType.ElemType == (int)TensorProto.Types.DataType.String ? "text" : "number");
        yield return (TableInputsKey, JsonSerializer.Serialize(inputs));
        if (table.Pipeline.TrainingOnlySteps.Count > 0) yield return ("training_only_steps", JsonSerializer.Serialize(table.Pipeline.TrainingOnlySteps));
    }

    /// <summary>Renames the last node's output (and drops its value info) to the graph's output name.</summary>
    private static void Rename(GraphProto graph, string from, string to)
    {
        var node = graph.Node[^1];
        node.Output[node.Output.IndexOf(from)] = to;
        foreach (var info in graph.ValueInfo.Where(v => v.Name == from).ToList()) graph.ValueInfo.Remove(info);
    }

    /// <summary>What a consumer of the file needs besides the graph: class names, preprocessing, where it came from.</summary>
    private static IEnumerable<(string Key, string Value)> Metadata(Model model, string version)
    {
        var meta = model.Metadata;
        yield return ("lepton_version", version);
        yield return ("model_name", model.Name);
        yield return ("input_names", JsonSerializer.Serialize(model.InputNames));
        if (meta.ClassNames.Count > 0) yield return ("class_names", JsonSerializer.Serialize(meta.ClassNames));
        if (meta.Preprocessing.Count > 0) yield return ("preprocessing", meta.Preprocessing.ToJsonString());
        if (meta.Spec.Count > 0) yield return ("spec", meta.Spec.ToJsonString());
        if (meta.Description is { Length: > 0 } description) yield return ("description", description);
    }
}
