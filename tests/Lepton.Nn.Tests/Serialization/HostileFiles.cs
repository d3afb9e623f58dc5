using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Tests.Training;

namespace Lepton.Nn.Tests.Serialization;

/// <summary>
/// Crafts hostile <c>.lepton</c> files the way an attacker would: take a genuine file, edit its <c>model.json</c>
/// or its zip headers, and zip it back around the same <c>weights.bin</c>.
/// </summary>
internal static class HostileFiles
{
    public static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The quickstart's CNN on 1x28x28 images with 10 class names, saved untrained.</summary>
    public static string Cnn()
    {
        LeptonRuntime.Seed(3);
        using var model = new Sequential(new Shape(1, 28, 28),
        [
            new Conv2D(8, 3, activation: "relu", name: "conv2d"),
            new MaxPool2D(2, name: "max_pool2d"),
            new Conv2D(16, 3, activation: "relu", name: "conv2d_1"),
            new MaxPool2D(2, name: "max_pool2d_1"),
            new Flatten(name: "flatten"),
            new Dense(32, "relu", name: "dense"),
            new Dense(10, name: "dense_1"),
        ], "small_cnn");
        return Saved(model, FashionClasses);
    }

    /// <summary>A sequence model with every recurrent, attention, embedding and normalization layer kind.</summary>
    public static string SequenceModel()
    {
        LeptonRuntime.Seed(4);
        var tokens = new Input(new Shape(6), "tokens");
        var embedded = new Embedding(50, 8, name: "embedding").Apply(tokens);
        var encoded = new TransformerEncoder(2, 16, name: "encoder").Apply(embedded);
        var attended = new MultiHeadAttention(2, 4, name: "attention").Apply(encoded, embedded);
        var recurrent = new LSTM(5, returnSequences: true, bidirectional: true, name: "lstm").Apply(new Add(name: "add").Apply(attended, encoded));
        var gru = new GRU(3, name: "gru").Apply(recurrent);
        var normalized = new BatchNorm(name: "batch_norm").Apply(new LayerNorm(name: "layer_norm").Apply(gru));
        var output = new Dense(2, name: "dense").Apply(new Dropout(0.25, name: "dropout").Apply(normalized));
        using var model = new Model(tokens, output, "sequences");
        return Saved(model, ["no", "yes"]);
    }

    /// <summary>A Conv1D, pooling and reshaping model, with a nested Sequential.</summary>
    public static string ConvolutionModel()
    {
        LeptonRuntime.Seed(5);
        var image = new Input(new Shape(2, 12, 12), "image");
        var x = new Conv2D(4, 3, padding: "same", name: "conv").Apply(image);
        var pooled = new AvgPool2D(2, name: "avg").Apply(new MaxPool2D(2, strides: 1, padding: "same", name: "max").Apply(x));
        var line = new Reshape([4, 36], name: "reshape").Apply(pooled);
        var conv1d = new Conv1D(3, 5, strides: 2, name: "conv1d").Apply(line);
        var global = new GlobalAveragePool2D(name: "global").Apply(pooled);
        var joined = new Concatenate(name: "concat").Apply(new Flatten(name: "flatten").Apply(conv1d), global);
        var head = new Sequential(null, [new Dense(6, "relu", name: "hidden"), new Activation("tanh", name: "act"), new Dense(3, name: "out")], "head").Apply(joined);
        using var model = new Model(image, head, "convolutions");
        return Saved(model, ["a", "b", "c"]);
    }

    public static string Saved(Model model, IReadOnlyList<string> classes)
    {
        model.Metadata.ClassNames = classes;
        model.Metadata.OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true);
        var path = FitTests.TempFile();
        model.Save(path);
        return path;
    }

    /// <summary>A copy of <paramref name="path"/> whose model.json is changed by <paramref name="edit"/>; weights.bin is kept byte for byte.</summary>
    public static string WithManifest(string path, Action<JsonObject> edit)
    {
        var (manifest, entries) = Read(path);
        edit(manifest);
        entries["model.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        return Write(entries);
    }

    /// <summary>A copy of <paramref name="path"/> with <paramref name="entry"/>'s bytes replaced.</summary>
    public static string WithEntry(string path, string entry, byte[] bytes, CompressionLevel compression = CompressionLevel.NoCompression)
    {
        var (_, entries) = Read(path);
        entries[entry] = bytes;
        return Write(entries, new Dictionary<string, CompressionLevel> { [entry] = compression });
    }

    /// <summary>
    /// A copy of <paramref name="path"/> whose tensor <paramref name="name"/> holds <paramref name="value"/> at flat index
    /// <paramref name="index"/>, with the weights hash recomputed: a file crafted to pass every check but the values'.
    /// </summary>
    public static string WithWeight(string path, string name, int index, float value)
    {
        var (manifest, entries) = Read(path);
        var row = Tensor(manifest, name);
        var offset = (int)row["offset"]!.GetValue<long>() + (index * sizeof(float));
        BitConverter.TryWriteBytes(entries["weights.bin"].AsSpan(offset, sizeof(float)), value);
        manifest["weights"]!["sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(entries["weights.bin"])).ToLowerInvariant();
        entries["model.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        return Write(entries);
    }

    /// <summary>
    /// The sequence model as files written before composite layers' sub-layer fields had component names: every
    /// weight of a top-level attention, encoder or recurrent layer stored a second time under its field's name.
    /// </summary>
    public static string WithLegacyCopies(string path)
    {
        var (manifest, entries) = Read(path);
        var tensors = manifest["weights"]!["tensors"]!.AsArray();
        var weights = new List<byte>(entries["weights.bin"]);
        (string Now, string Then)[] renames =
        [
            ("encoder.attention.", "encoder._attention."), ("encoder.attention_norm.", "encoder._attentionNorm."),
            ("encoder.feed_forward.", "encoder._feedForward."), ("encoder.projection.", "encoder._projection."),
            ("encoder.feed_forward_norm.", "encoder._feedForwardNorm."), ("attention.query.", "attention._query."),
            ("attention.key.", "attention._key."), ("attention.value.", "attention._value."), ("attention.output.", "attention._output."),
            ("lstm.lstm.", "lstm._rnn."), ("gru.gru.", "gru._rnn."),
        ];
        foreach (var row in tensors.ToList())
        {
            var name = row!["name"]!.GetValue<string>();
            if (renames.FirstOrDefault(r => name.StartsWith(r.Now, StringComparison.Ordinal)) is not { Now: not null } rename) continue;
            var copy = row.DeepClone();
            copy["name"] = rename.Then + name[rename.Now.Length..];
            copy["offset"] = weights.Count;
            weights.AddRange(entries["weights.bin"].AsSpan((int)row["offset"]!.GetValue<long>(), (int)row["length"]!.GetValue<long>()).ToArray());
            tensors.Add(copy);
        }
        entries["weights.bin"] = weights.ToArray();
        manifest["weights"]!["sha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(entries["weights.bin"])).ToLowerInvariant();
        entries["model.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        return Write(entries);
    }

    /// <summary>The JSON of the first layer called <paramref name="name"/> anywhere in the architecture.</summary>
    public static JsonObject Layer(JsonObject manifest, string name) =>
        Find(manifest["architecture"]!, name) ?? throw new ArgumentException($"No layer '{name}'.", nameof(name));

    /// <summary>The weights table's row for the tensor called <paramref name="name"/>.</summary>
    public static JsonObject Tensor(JsonObject manifest, string name) =>
        manifest["weights"]!["tensors"]!.AsArray().Select(t => t!.AsObject()).Single(t => t["name"]!.GetValue<string>() == name);

    /// <summary>
    /// Rewrites the uncompressed size that the zip's central directory (and local header) declare for
    /// <paramref name="entry"/>, leaving the data alone: a header that lies.
    /// </summary>
    public static string WithDeclaredSize(string path, string entry, uint size)
    {
        var bytes = File.ReadAllBytes(path);
        var name = Encoding.UTF8.GetBytes(entry);
        var patched = 0;
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var central = bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02;
            var local = bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x03 && bytes[i + 3] == 0x04;
            if (!central && !local) continue;
            var nameAt = central ? i + 46 : i + 30;
            var nameLength = BitConverter.ToUInt16(bytes, central ? i + 28 : i + 26);
            if (nameLength != name.Length || nameAt + nameLength > bytes.Length || !bytes.AsSpan(nameAt, nameLength).SequenceEqual(name)) continue;
            BitConverter.TryWriteBytes(bytes.AsSpan(central ? i + 24 : i + 22, 4), size);
            patched++;
        }
        if (patched == 0) throw new ArgumentException($"No entry '{entry}' in {path}.", nameof(entry));
        var copy = FitTests.TempFile();
        File.WriteAllBytes(copy, bytes);
        return copy;
    }

    private static JsonObject? Find(JsonNode node, string name)
    {
        if (node is JsonObject obj)
        {
            if (obj["name"] is JsonValue v && v.TryGetValue<string>(out var n) && n == name && obj["type"] is not null) return obj;
            foreach (var (_, child) in obj)
            {
                if (child is not null && Find(child, name) is { } found) return found;
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                if (child is not null && Find(child, name) is { } found) return found;
            }
        }
        return null;
    }

    private static (JsonObject Manifest, Dictionary<string, byte[]> Entries) Read(string path)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var zip = ZipFile.OpenRead(path))
        {
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                entries[entry.FullName] = copy.ToArray();
            }
        }
        return (JsonNode.Parse(entries["model.json"])!.AsObject(), entries);
    }

    private static string Write(Dictionary<string, byte[]> entries, Dictionary<string, CompressionLevel>? compression = null)
    {
        var path = FitTests.TempFile();
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var stream = zip.CreateEntry(name, compression is not null && compression.TryGetValue(name, out var level) ? level : name == "weights.bin" ? CompressionLevel.NoCompression : CompressionLevel.Optimal).Open();
            stream.Write(bytes);
        }
        return path;
    }
}
