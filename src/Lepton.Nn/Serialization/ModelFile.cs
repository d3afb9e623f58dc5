using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Nn.Serialization;

/// <summary>
/// The <c>.lepton</c> file: a zip holding <c>model.json</c> (format version, Lepton and TorchSharp versions,
/// architecture, input signature, class names, preprocessing, metrics, loss, and a table of weight tensors with
/// the SHA-256 of their bytes) and <c>weights.bin</c> (the raw tensors, little-endian). Written to a temporary
/// file and renamed, so a crash never leaves half a model; read with every length and hash checked.
/// </summary>
internal static class ModelFile
{
    public const string FormatName = "lepton-model";
    public const int FormatVersion = 1;
    private const string ManifestEntry = "model.json";
    private const string WeightsEntry = "weights.bin";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Save(Model model, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!model.IsBuilt)
            throw new InvalidOperationException($"Model '{model.Name}' is not built, so it has no weights to save yet: train it, or call Build with its input shape.");

        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    var (table, hash) = WriteWeights(model, zip);
                    var manifest = Manifest(model, table, hash);
                    var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal);
                    using var stream = entry.Open();
                    JsonSerializer.Serialize(stream, manifest, Indented);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw;
        }
    }

    public static Model Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new ModelFileException($"Model file '{path}' does not exist.");
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var manifest = ReadManifest(path, zip);
            var model = Rebuild(path, manifest);
            ReadWeights(path, zip, manifest, model);
            model.eval();
            return model;
        }
        catch (ModelFileException)
        {
            throw;
        }
        catch (InvalidDataException ex)
        {
            throw new ModelFileException($"'{path}' is not a readable Lepton model file: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new ModelFileException($"'{path}': the model description is not valid JSON ({ex.Message}).", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException or NullReferenceException or FormatException or ShapeMismatchException)
        {
            throw new ModelFileException($"'{path}': the model description is inconsistent: {ex.Message}", ex);
        }
    }

    private static (JsonArray Table, string Hash) WriteWeights(Model model, ZipArchive zip)
    {
        var table = new JsonArray();
        var entry = zip.CreateEntry(WeightsEntry, CompressionLevel.NoCompression);
        using var stream = entry.Open();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long offset = 0;
        foreach (var (name, value) in model.state_dict())
        {
            using var scope = NewDisposeScope();
            var cpu = value.detach().cpu().contiguous();
            var bytes = cpu.bytes;
            stream.Write(bytes);
            sha.AppendData(bytes);
            table.Add(new JsonObject
            {
                ["name"] = name,
                ["dtype"] = cpu.dtype.ToString(),
                ["shape"] = new JsonArray(cpu.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["offset"] = offset,
                ["length"] = bytes.Length,
            });
            offset += bytes.Length;
        }
        return (table, Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant());
    }

    private static JsonObject Manifest(Model model, JsonArray weights, string hash)
    {
        var meta = model.Metadata;
        return new JsonObject
        {
            ["format"] = FormatName,
            ["format_version"] = FormatVersion,
            ["lepton_version"] = typeof(ModelFile).Assembly.GetName().Version?.ToString(3),
            ["torchsharp_version"] = typeof(torch).Assembly.GetName().Version?.ToString(3),
            ["created_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["architecture"] = model.GetConfig().ToJson(),
            ["input_signature"] = new JsonArray(model.InputShapes.Select((s, i) => (JsonNode?)new JsonObject
            {
                ["name"] = model.InputNames.ElementAtOrDefault(i) ?? $"input_{i}",
                ["dtype"] = "float32",
                ["shape"] = new JsonArray(s.Dimensions.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            }).ToArray()),
            ["output_shape"] = new JsonArray(model.OutputShape.Dimensions.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            ["class_names"] = new JsonArray(meta.ClassNames.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["preprocessing"] = meta.Preprocessing.DeepClone(),
            ["metrics"] = new JsonObject(meta.Metrics.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["description"] = meta.Description,
            ["loss"] = model.OutputLoss is { } loss ? LossCatalog.Describe(loss) : null,
            ["weights"] = new JsonObject { ["entry"] = WeightsEntry, ["sha256"] = hash, ["tensors"] = weights },
        };
    }

    private static JsonObject ReadManifest(string path, ZipArchive zip)
    {
        var entry = zip.GetEntry(ManifestEntry) ?? throw new ModelFileException($"'{path}' is a zip file but not a Lepton model: it has no {ManifestEntry}.");
        using var stream = entry.Open();
        var manifest = JsonNode.Parse(stream)?.AsObject() ?? throw new ModelFileException($"'{path}': {ManifestEntry} is empty.");
        if (manifest["format"]?.GetValue<string>() != FormatName)
            throw new ModelFileException($"'{path}' is not a Lepton model file ({ManifestEntry} has no \"format\": \"{FormatName}\").");
        var version = manifest["format_version"]?.GetValue<int>() ?? 0;
        if (version > FormatVersion)
            throw new ModelFileException($"'{path}' uses model format version {version}, newer than this Lepton reads ({FormatVersion}); upgrade Lepton.");
        return manifest;
    }

    private static Model Rebuild(string path, JsonObject manifest)
    {
        var architecture = manifest["architecture"]?.AsObject() ?? throw new ModelFileException($"'{path}' has no architecture.");
        if (LayerRegistry.Create(LayerConfig.FromJson(architecture)) is not Model model)
            throw new ModelFileException($"'{path}': the architecture's top level is a layer, not a model.");
        if (!model.IsBuilt)
        {
            var shapes = manifest["input_signature"]!.AsArray().Select(s => new Shape(s!["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray())).ToArray();
            model.Build(shapes);
        }
        model.Metadata = new ModelMetadata
        {
            ClassNames = manifest["class_names"]?.AsArray().Select(c => c!.GetValue<string>()).ToArray() ?? [],
            Preprocessing = manifest["preprocessing"]?.DeepClone().AsObject() ?? [],
            Metrics = manifest["metrics"]?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>(), StringComparer.Ordinal) ?? new(StringComparer.Ordinal),
            Description = manifest["description"]?.GetValue<string>(),
            OutputLoss = manifest["loss"] is JsonObject loss ? LossCatalog.FromDescription(loss) : null,
        };
        return model;
    }

    private static void ReadWeights(string path, ZipArchive zip, JsonObject manifest, Model model)
    {
        var weights = manifest["weights"]!.AsObject();
        var entry = zip.GetEntry(weights["entry"]!.GetValue<string>()) ?? throw new ModelFileException($"'{path}' has no weights entry.");
        var bytes = new byte[entry.Length];
        using (var stream = entry.Open())
        {
            stream.ReadExactly(bytes);
        }
        var hash = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
        if (hash != weights["sha256"]!.GetValue<string>())
            throw new ModelFileException($"'{path}': the weights are corrupted (SHA-256 {hash[..12]}… does not match the recorded {weights["sha256"]!.GetValue<string>()[..12]}…).");

        var state = model.state_dict();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach (var node in weights["tensors"]!.AsArray())
        {
            var name = node!["name"]!.GetValue<string>();
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offset = node["offset"]!.GetValue<long>();
            var length = node["length"]!.GetValue<long>();
            if (!state.TryGetValue(name, out var target))
                throw new ModelFileException($"'{path}': weight '{name}' does not belong to the model's architecture.");
            if (!target.shape.SequenceEqual(shape))
                throw new ModelFileException($"'{path}': weight '{name}' has shape [{string.Join(", ", shape)}] but the architecture needs [{string.Join(", ", target.shape)}].");
            if (offset < 0 || length != target.numel() * target.ElementSize || offset + length > bytes.LongLength)
                throw new ModelFileException($"'{path}': weight '{name}' lies outside the weights data (the file is truncated or corrupted).");
            using var loaded = empty(shape, target.dtype);
            loaded.bytes = bytes.AsSpan((int)offset, (int)length);
            target.copy_(loaded);
            seen.Add(name);
        }
        var missing = state.Keys.Where(k => !seen.Contains(k)).ToList();
        if (missing.Count > 0)
            throw new ModelFileException($"'{path}' lacks weights for {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}.");
    }
}
