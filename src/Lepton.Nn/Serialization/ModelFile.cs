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
    public const string ManifestEntry = "model.json";
    private const string WeightsEntry = "weights.bin";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Save(Model model, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!model.IsBuilt)
            throw new InvalidOperationException($"Model '{model.Name}' is not built, so it has no weights to save yet: train it, or call Build with its input shape.");
        if (ClassNamesProblem(model.Metadata.ClassNames, model.OutputShape) is { } problem)
            throw new InvalidOperationException($"Model '{model.Name}' has {problem}: set Metadata.ClassNames to one name per output before saving.");

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

    /// <summary>Reads the model file at <paramref name="path"/>; see <see cref="Load(Stream, string)"/>.</summary>
    public static Model Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new ModelFileException($"Model file '{path}' does not exist.");
        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"Model file '{path}' cannot be opened: {ex.Message}", ex);
        }
        using (file) return Load(file, $"'{path}'");
    }

    /// <summary>
    /// Reads a model file from <paramref name="stream"/>, treating it as untrusted: every size, field, layer
    /// configuration and tensor is checked before the model is built, and anything wrong gives a
    /// <see cref="ModelFileException"/> naming <paramref name="source"/> and the part at fault. This is the one entry
    /// point for raw bytes (a fuzz harness calls it through <see cref="Model.Load(Stream)"/>). Only running out of
    /// memory for a valid model, or cancellation, escapes as another exception.
    /// </summary>
    public static Model Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var seekable = stream.CanSeek ? null : Buffered(stream);
            using var archive = ModelArchive.Open(seekable ?? stream);
            return Read(archive);
        }
        catch (ModelFileException)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or ShapeMismatchException or ArgumentException)
        {
            throw new ModelFileException($"{source}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            // A check is missing if this is reached; the type in the message keeps such a bug visible.
            throw new ModelFileException($"{source} could not be loaded as a Lepton model ({ex.GetType().Name}: {ex.Message}).", ex);
        }
    }

    /// <summary>
    /// The problem with <paramref name="names"/> as the class names of a model whose output per example is
    /// <paramref name="output"/>, or null: a classifier has one name per output, or two for one sigmoid output.
    /// </summary>
    public static string? ClassNamesProblem(IReadOnlyList<string> names, Shape output)
    {
        if (names.Count == 0 || output.Rank == 0 || output[-1] < 1) return null;
        var outputs = output[-1];
        return names.Count == outputs || (outputs == 1 && names.Count == 2) ? null : $"{names.Count} class names for {outputs} outputs";
    }

    private static Model Read(ModelArchive archive)
    {
        var manifest = ReadManifest(archive);
        if (QuantizedModelFile.IsQuantized(manifest)) throw new InvalidDataException(QuantizedModelFile.LoadRefusal(manifest));
        var architecture = LayerConfig.FromJson(ManifestFields.Object(manifest, "architecture", ""));
        var signature = manifest["input_signature"] is null ? null : Signature(manifest);
        var table = WeightsTable.Parse(manifest);
        var metadata = Metadata(manifest);

        // Everything the model will allocate is known and checked before it is built.
        var plan = ArchitecturePlan.Of(architecture, signature);
        if (plan is not null)
        {
            var planned = plan.Tensors.ToDictionary(t => t.Tensor.Name, t => t.Tensor.Shape, StringComparer.Ordinal);
            table.WithoutLegacyCopies(planned.GetValueOrDefault).CheckAgainst(plan);
        }
        var entry = archive.Find(table.Entry) ?? throw new InvalidDataException($"the weights entry '{table.Entry}' named in {ManifestEntry} is not in the file.");
        table.CheckLayout(entry.Length);
        var weights = ModelArchive.Read(entry);
        var hash = Convert.ToHexString(SHA256.HashData(weights)).ToLowerInvariant();
        if (hash != table.Sha256)
            throw new InvalidDataException($"the weights are corrupted (SHA-256 {hash[..12]}… does not match the recorded {table.Sha256[..12]}…).");

        var model = Rebuild(architecture, signature);
        try
        {
            if (ClassNamesProblem(metadata.ClassNames, model.OutputShape) is { } problem)
                throw new InvalidDataException($"{ManifestEntry} has {problem} of layer '{model.Layers.LastOrDefault()?.Name ?? model.Name}'; a classifier has one name per output.");
            model.Metadata = metadata;
            CopyWeights(table, weights, model);
            foreach (var layer in model.modules().OfType<Layer>()) layer.CheckLoadedWeights();
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static MemoryStream Buffered(Stream stream)
    {
        var limit = ModelFileLimits.MaxEntryBytes;
        var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (copy.Length + read > limit) throw new InvalidDataException($"the model stream is larger than {ModelFileLimits.Size(limit)}.");
            copy.Write(buffer, 0, read);
        }
        copy.Position = 0;
        return copy;
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
            ["spec"] = meta.Spec.Count == 0 ? null : meta.Spec.DeepClone(),
            ["loss"] = model.OutputLoss is { } loss ? LossCatalog.Describe(loss) : null,
            ["weights"] = new JsonObject { ["entry"] = WeightsEntry, ["sha256"] = hash, ["tensors"] = weights },
        };
    }

    internal static JsonObject ReadManifest(ModelArchive archive)
    {
        var entry = archive.Find(ManifestEntry) ?? throw new InvalidDataException($"it is a zip file but not a Lepton model: it has no {ManifestEntry}.");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(ModelArchive.Read(entry));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{ManifestEntry} is not valid JSON ({ex.Message}).", ex);
        }
        if (root is not JsonObject manifest) throw new InvalidDataException($"{ManifestEntry} is not a JSON object.");
        if (manifest["format"] is not JsonValue format || !format.TryGetValue<string>(out var name) || name != FormatName)
            throw new InvalidDataException($"it is not a Lepton model file ({ManifestEntry} has no \"format\": \"{FormatName}\").");
        var version = ManifestFields.Long(manifest, "format_version", "");
        if (version < 1) throw new InvalidDataException($"{ManifestEntry}: 'format_version' is {version}; it starts at 1.");
        if (version > FormatVersion)
            throw new InvalidDataException($"it uses model format version {version}, newer than this Lepton reads ({FormatVersion}); upgrade Lepton.");
        return manifest;
    }

    private static Shape[] Signature(JsonObject manifest)
    {
        var inputs = ManifestFields.Array(manifest, "input_signature", "");
        return inputs.Select((input, i) =>
        {
            var dims = ManifestFields.Longs(input, "shape", $"input_signature[{i}]");
            return LayerLimits.ShapeProblem(dims) is { } problem
                ? throw new InvalidDataException($"{ManifestEntry}: input {i} of the input signature has shape ({string.Join(", ", dims)}), which {problem}.")
                : new Shape(dims);
        }).ToArray();
    }

    internal static ModelMetadata Metadata(JsonObject manifest)
    {
        var classes = manifest["class_names"] is null ? [] : ManifestFields.Array(manifest, "class_names", "")
            .Select((c, i) => ManifestFields.AsString(c, $"class_names[{i}]")).ToArray();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (manifest["metrics"] is not null)
        {
            foreach (var (key, value) in ManifestFields.Object(manifest, "metrics", "")) metrics[key] = ManifestFields.AsDouble(value, $"metrics.{key}");
        }
        return new ModelMetadata
        {
            ClassNames = classes,
            Preprocessing = manifest["preprocessing"] is null ? [] : (JsonObject)ManifestFields.Object(manifest, "preprocessing", "").DeepClone(),
            Metrics = metrics,
            Description = manifest["description"] is null ? null : ManifestFields.String(manifest, "description", ""),
            Spec = manifest["spec"] is null ? [] : (JsonObject)ManifestFields.Object(manifest, "spec", "").DeepClone(),
            OutputLoss = manifest["loss"] is null ? null : Loss(ManifestFields.Object(manifest, "loss", "")),
        };
    }

    private static Loss Loss(JsonObject description)
    {
        var name = ManifestFields.String(description, "name", "loss");
        try
        {
            return LossCatalog.FromDescription(description);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{ManifestEntry}: the loss '{name}' cannot be rebuilt: {ex.Message}", ex);
        }
    }

    private static Model Rebuild(LayerConfig architecture, Shape[]? signature)
    {
        if (LayerRegistry.Create(architecture) is not Model model)
            throw new InvalidDataException("the architecture's top level is a layer, not a model.");
        if (model.IsBuilt) return model;
        try
        {
            model.Build(signature ?? throw new InvalidDataException($"{ManifestEntry} has no 'input_signature', and its model declares no input shape."));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static void CopyWeights(WeightsTable table, byte[] weights, Model model)
    {
        // The architecture was checked against the table before building; this also covers custom layers, which cannot plan.
        var state = model.state_dict();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach (var row in table.WithoutLegacyCopies(name => state.TryGetValue(name, out var t) ? t.shape : null).Rows)
        {
            if (!state.TryGetValue(row.Name, out var target))
                throw new InvalidDataException($"weight '{row.Name}' does not belong to the model's architecture.");
            if (!target.shape.SequenceEqual(row.Shape) || target.dtype != ScalarType.Float32)
                throw new InvalidDataException($"weight '{row.Name}' has shape [{string.Join(", ", row.Shape)}] but the architecture needs [{string.Join(", ", target.shape)}] ({target.dtype}).");
            using var loaded = empty(row.Shape, target.dtype);
            loaded.bytes = weights.AsSpan((int)row.Offset, (int)row.Length);
            target.copy_(loaded);
            seen.Add(row.Name);
        }
        var missing = state.Keys.Where(k => !seen.Contains(k)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"it lacks weights for {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}.");
    }
}
