using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;

namespace Lepton.Nn.Serialization;

/// <summary>
/// A quantized <c>.lepton</c> file (<c>lepton compress --output q.lepton</c>): the same zip and <c>model.json</c> as a
/// model file — class names, preprocessing, loss, input signature, metrics — but holding an int8 ONNX graph
/// (<c>model.onnx</c>) in place of the architecture and float weights. It runs through ONNX Runtime only:
/// <see cref="Model.Load(string)"/> refuses it with a <see cref="ModelFileException"/> that says so, rather than
/// running anything in float; a runtime reads it with <see cref="TryRead"/>.
/// </summary>
public static class QuantizedModelFile
{
    /// <summary>The manifest's <c>runtime</c> value: the file runs through ONNX Runtime.</summary>
    public const string Runtime = "onnx";

    private const string GraphEntry = "model.onnx";

    /// <summary>
    /// Writes <paramref name="graph"/> (an ONNX file's bytes, quantized as <paramref name="quantization"/> says) with
    /// <paramref name="source"/>'s metadata, inputs and output shape, atomically.
    /// </summary>
    public static void Save(string path, byte[] graph, Model source, string quantization = "int8")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(source);
        var meta = source.Metadata;
        var manifest = new JsonObject
        {
            ["format"] = ModelFile.FormatName,
            ["format_version"] = ModelFile.FormatVersion,
            ["runtime"] = Runtime,
            ["quantization"] = quantization,
            ["lepton_version"] = typeof(ModelFile).Assembly.GetName().Version?.ToString(3),
            ["created_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["name"] = source.Name,
            ["input_signature"] = new JsonArray(source.InputShapes.Select((s, i) => (JsonNode?)new JsonObject
            {
                ["name"] = source.InputNames.ElementAtOrDefault(i) ?? $"input_{i}",
                ["dtype"] = "float32",
                ["shape"] = new JsonArray(s.Dimensions.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            }).ToArray()),
            ["output_shape"] = new JsonArray(source.OutputShape.Dimensions.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            ["class_names"] = new JsonArray(meta.ClassNames.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["preprocessing"] = meta.Preprocessing.DeepClone(),
            ["metrics"] = new JsonObject(meta.Metrics.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["description"] = meta.Description,
            ["spec"] = meta.Spec.Count == 0 ? null : meta.Spec.DeepClone(),
            ["loss"] = (meta.OutputLoss ?? source.OutputLoss) is { } loss ? LossCatalog.Describe(loss) : null,
            ["graph"] = new JsonObject
            {
                ["entry"] = GraphEntry,
                ["sha256"] = Convert.ToHexString(SHA256.HashData(graph)).ToLowerInvariant(),
                ["length"] = graph.Length,
            },
        };

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var stream = zip.CreateEntry(GraphEntry, CompressionLevel.Optimal).Open()) stream.Write(graph);
            using var json = zip.CreateEntry(ModelFile.ManifestEntry, CompressionLevel.Optimal).Open();
            JsonSerializer.Serialize(json, manifest, new JsonSerializerOptions { WriteIndented = true });
        }
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, buffer.ToArray());
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Reads a quantized <c>.lepton</c> file: the ONNX graph's bytes (checked against their recorded SHA-256) and the
    /// model's metadata (class names, preprocessing, loss, metrics). False for an ordinary model file, which
    /// <see cref="Model.Load(string)"/> reads.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, not a Lepton model file, or damaged.</exception>
    public static bool TryRead(string path, out byte[] graph, out ModelMetadata metadata)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        (graph, metadata) = ([], new ModelMetadata());
        if (!File.Exists(path)) throw new ModelFileException($"Model file '{path}' does not exist.");
        try
        {
            using var file = File.OpenRead(path);
            using var archive = ModelArchive.Open(file);
            var manifest = ModelFile.ReadManifest(archive);
            if (!IsQuantized(manifest)) return false;
            var entry = ManifestFields.Object(manifest, "graph", "");
            var name = ManifestFields.String(entry, "entry", "graph");
            var zipEntry = archive.Find(name) ?? throw new InvalidDataException($"the graph entry '{name}' named in {ModelFile.ManifestEntry} is not in the file.");
            var bytes = ModelArchive.Read(zipEntry);
            var hash = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
            if (hash != ManifestFields.String(entry, "sha256", "graph"))
                throw new InvalidDataException($"the ONNX graph is corrupted (its SHA-256 {hash[..12]}… is not the recorded one).");
            (graph, metadata) = (bytes, ModelFile.Metadata(manifest));
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"'{path}': {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> is a quantized <c>.lepton</c> file, from its manifest alone (the graph is not read):
    /// what a host asks to pick the runtime before it loads anything.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, not a Lepton model file, or damaged.</exception>
    public static bool IsQuantized(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new ModelFileException($"Model file '{path}' does not exist.");
        try
        {
            using var file = File.OpenRead(path);
            using var archive = ModelArchive.Open(file);
            return IsQuantized(ModelFile.ReadManifest(archive));
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"'{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Whether a model file's manifest describes an ONNX graph rather than an architecture and weights.</summary>
    internal static bool IsQuantized(JsonObject manifest) =>
        manifest["runtime"] is JsonValue runtime && runtime.TryGetValue<string>(out var value) && value == Runtime;

    /// <summary>What <see cref="Model.Load(string)"/> says about such a file.</summary>
    internal static string LoadRefusal(JsonObject manifest) =>
        $"it holds an {(manifest["quantization"] as JsonValue)?.ToString() ?? "int8"} ONNX graph made by 'lepton compress', not the architecture and float weights Model.Load builds; " +
        "it runs through ONNX Runtime: lepton serve and lepton predict run it there by themselves (as with --runtime onnx); in C#, read its graph with QuantizedModelFile.TryRead. The float model it came from loads as before.";
}
