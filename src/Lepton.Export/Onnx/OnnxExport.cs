using System.Text.Json;
using Google.Protobuf;
using Lepton.Nn.Models;
using Onnx;

namespace Lepton.Export.Onnx;

/// <summary>
/// Writes a Lepton model as an ONNX file that ONNX Runtime (or any ONNX consumer) runs with the outputs of
/// <see cref="Model.Predict(TorchSharp.torch.Tensor[])"/>: inputs named as the model's, a dynamic batch dimension,
/// and the model's class names and preprocessing in the file's metadata.
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
        var inputs = model.InputNames;
        for (var i = 0; i < inputs.Count; i++) graph.Input(inputs[i], model.InputShapes[i]);
        var heads = options.OutputPerHead ? OutputHead.Of(model) : [];
        // The output names are taken first, so no layer's value can claim them.
        foreach (var name in heads.Count > 0 ? heads.Select(h => h.Name) : [OutputName]) graph.Fresh(name);
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
        return proto;
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
