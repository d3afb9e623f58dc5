using System.Text.Json.Nodes;
using Lepton.Nn.Serialization;

namespace Lepton.Nn.Models;

/// <summary>
/// One output feature of a multi-task model, whose output vector holds every head side by side: the feature's name
/// and type, the columns of the vector that are its head, and its class names (empty for a number). The model file
/// keeps the list in its spec under <see cref="SpecKey"/>; training writes it and evaluation, prediction and serving
/// read it from here.
/// </summary>
/// <param name="Name">The output feature (the column of the training table it predicts).</param>
/// <param name="Type">Its type in the spec: <c>category</c>, <c>binary</c> or <c>number</c>.</param>
/// <param name="Offset">The first column of its head in the model's output vector.</param>
/// <param name="Width">How many columns the head has: the number of classes, or 1 for a number.</param>
/// <param name="ClassNames">The classes in the order of the head's columns; empty for a number.</param>
public sealed record OutputHead(string Name, string Type, int Offset, int Width, IReadOnlyList<string> ClassNames)
{
    /// <summary>The key of the heads' list in <see cref="ModelMetadata.Spec"/>.</summary>
    public const string SpecKey = "outputs";

    /// <summary>Whether the head gives class logits (probabilities after softmax) rather than a value.</summary>
    public bool IsClassification => ClassNames.Count > 0;

    /// <summary>
    /// The heads of a multi-task model, in output order; empty for a model with one output. The list is checked
    /// against the model: the heads must tile its output vector exactly.
    /// </summary>
    /// <exception cref="ModelFileException">The file's list of outputs is malformed or does not fit the model's output.</exception>
    public static IReadOnlyList<OutputHead> Of(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Of(model.Metadata, model.OutputShape);
    }

    /// <summary>
    /// As <see cref="Of(Model)"/>, from a model's metadata and the shape of its output per example (for a model run
    /// elsewhere than TorchSharp, e.g. by ONNX Runtime).
    /// </summary>
    /// <exception cref="ModelFileException">The list of outputs is malformed or does not fit the output shape.</exception>
    public static IReadOnlyList<OutputHead> Of(ModelMetadata metadata, Shape outputShape)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(outputShape);
        if (metadata.Spec[SpecKey] is not JsonArray list) return [];
        var width = outputShape.Dimensions is [var w] ? w : -1;
        var heads = new List<OutputHead>(list.Count);
        var offset = 0;
        foreach (var node in list)
        {
            var head = Read(node, heads.Count);
            if (head.Offset != offset)
                throw Malformed($"output '{head.Name}' starts at column {head.Offset}, but the heads before it end at column {offset}");
            if (heads.Any(h => h.Name == head.Name)) throw Malformed($"output '{head.Name}' is listed twice");
            heads.Add(head);
            offset += head.Width;
        }
        if (heads.Count == 0) throw Malformed("the list is empty");
        if (offset != width)
            throw Malformed($"the heads cover {offset} columns, but the model's output per example has shape [{string.Join(", ", outputShape.Dimensions)}]");
        return heads;
    }

    /// <summary>Writes <paramref name="heads"/> into a model's spec, where <see cref="Of(Model)"/> reads them.</summary>
    public static void WriteTo(JsonObject spec, IReadOnlyList<OutputHead> heads)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(heads);
        spec[SpecKey] = new JsonArray(heads.Select(h => (JsonNode)new JsonObject
        {
            ["name"] = h.Name,
            ["type"] = h.Type,
            ["offset"] = h.Offset,
            ["width"] = h.Width,
            ["class_names"] = h.IsClassification ? new JsonArray(h.ClassNames.Select(n => (JsonNode)n).ToArray()) : null,
        }).ToArray());
    }

    private static OutputHead Read(JsonNode? node, int index)
    {
        try
        {
            var name = node?["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name)) throw Malformed($"output {index + 1} has no name");
            var type = node!["type"]?.GetValue<string>() ?? "";
            var offset = node["offset"]?.GetValue<int>() ?? -1;
            var width = node["width"]?.GetValue<int>() ?? 0;
            if (width < 1) throw Malformed($"output '{name}' has no width of at least 1");
            var classes = node["class_names"] is JsonArray names ? names.Select(n => n?.GetValue<string>() ?? "").ToList() : [];
            if (classes.Count > 0 ? classes.Count != width || width < 2 : width != 1)
                throw Malformed($"output '{name}' has {classes.Count} class names for a head of width {width} (a class head names one class per column, a number head is 1 wide)");
            return new OutputHead(name, type, offset, width, classes);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw Malformed($"output {index + 1} is not {{name, type, offset, width, class_names}}: {e.Message}");
        }
    }

    private static ModelFileException Malformed(string what) =>
        new($"The model file's list of outputs (spec.{SpecKey}) does not describe its output: {what}.");
}
