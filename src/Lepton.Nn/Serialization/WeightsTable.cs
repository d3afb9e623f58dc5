using System.Text.Json.Nodes;
using Lepton.Nn.Layers;

namespace Lepton.Nn.Serialization;

/// <summary>
/// model.json's table of weight tensors (name, dtype, shape, offset and length in the weights entry), checked to
/// tile the entry exactly and to match the tensors the architecture implies before any of them is allocated.
/// </summary>
internal sealed class WeightsTable
{
    /// <summary>The only dtype Lepton's layers have and load.</summary>
    public const string Float32 = "Float32";

    private WeightsTable(string entry, string sha256, IReadOnlyList<WeightRow> rows)
    {
        Entry = entry;
        Sha256 = sha256;
        Rows = rows;
    }

    /// <summary>The zip entry holding the bytes.</summary>
    public string Entry { get; }

    /// <summary>The SHA-256 of the entry's bytes, lowercase hex.</summary>
    public string Sha256 { get; }

    public IReadOnlyList<WeightRow> Rows { get; }

    public static WeightsTable Parse(JsonObject manifest)
    {
        var weights = ManifestFields.Object(manifest, "weights", "");
        var entry = ManifestFields.String(weights, "entry", "weights");
        if (entry == ModelFile.ManifestEntry) throw new InvalidDataException($"{ModelFile.ManifestEntry}: 'weights.entry' names {ModelFile.ManifestEntry} itself.");
        var sha = ManifestFields.String(weights, "sha256", "weights").ToLowerInvariant();
        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
            throw new InvalidDataException($"{ModelFile.ManifestEntry}: 'weights.sha256' is not a SHA-256 (64 hex digits).");

        var rows = new List<WeightRow>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tensors = ManifestFields.Array(weights, "tensors", "weights");
        for (var i = 0; i < tensors.Count; i++)
        {
            var where = $"weights.tensors[{i}]";
            if (tensors[i] is not JsonObject row) throw new InvalidDataException($"{ModelFile.ManifestEntry}: '{where}' is not a tensor (an object).");
            var name = ManifestFields.String(row, "name", where);
            if (!names.Add(name)) throw new InvalidDataException($"{ModelFile.ManifestEntry}: tensor '{name}' is in the weights table twice.");
            var shape = ManifestFields.Longs(row, "shape", where);
            if (shape.Length > LayerLimits.MaxRank || shape.Any(d => d < 0))
                throw new InvalidDataException($"{ModelFile.ManifestEntry}: tensor '{name}' has shape [{string.Join(", ", shape)}]; a weight has at most {LayerLimits.MaxRank} dimensions, none negative.");
            rows.Add(new WeightRow(name, ManifestFields.String(row, "dtype", where), shape,
                ManifestFields.Long(row, "offset", where), ManifestFields.Long(row, "length", where)));
        }
        return new WeightsTable(entry, sha, rows);
    }

    /// <summary>
    /// The table without the second copies of composite layers' weights that files written before their sub-layer
    /// fields had component names hold (<c>lstm._rnn.weight_ih_l0</c> beside <c>lstm.lstm.weight_ih_l0</c>): a row
    /// is such a copy when its name, with the old field names replaced, is a tensor <paramref name="shapeOf"/> knows with its shape.
    /// </summary>
    public WeightsTable WithoutLegacyCopies(Func<string, long[]?> shapeOf)
    {
        var kept = Rows.Where(row => shapeOf(row.Name) is not null || !LegacyNames(row.Name).Any(n => shapeOf(n) is { } shape && shape.SequenceEqual(row.Shape))).ToList();
        return kept.Count == Rows.Count ? this : new WeightsTable(Entry, Sha256, kept);
    }

    /// <summary>Checks that every tensor is float32, holds what its shape needs, and that together they tile the entry's <paramref name="size"/> bytes.</summary>
    public void CheckLayout(long size)
    {
        foreach (var row in Rows)
        {
            if (row.DType != Float32)
                throw new InvalidDataException($"tensor '{row.Name}' has dtype {row.DType} in the weights table, but Lepton's layers load only {Float32}.");
            var elements = new PlannedTensor(row.Name, row.Shape).ElementCount;
            if (elements is not { } count || count > LayerLimits.MaxTensorElements)
                throw new InvalidDataException($"tensor '{row.Name}' has shape [{string.Join(", ", row.Shape)}], more than the {LayerLimits.MaxTensorElements} elements a weight tensor may have.");
            if (row.Length != count * sizeof(float))
                throw new InvalidDataException($"tensor '{row.Name}' has length {row.Length} bytes in the weights table, but its shape [{string.Join(", ", row.Shape)}] of {Float32} needs {count * sizeof(float)}.");
            if (row.Offset < 0 || row.Offset > size - row.Length)
                throw new InvalidDataException($"tensor '{row.Name}' lies outside {Entry} (bytes {row.Offset} to {row.Offset + row.Length} of {size}): the file is truncated or corrupted.");
        }
        long end = 0;
        foreach (var row in Rows.OrderBy(r => r.Offset))
        {
            if (row.Offset < end) throw new InvalidDataException($"tensor '{row.Name}' overlaps another tensor in {Entry} (at byte {row.Offset}).");
            end = row.Offset + row.Length;
        }
        if (Rows.Sum(r => r.Length) != size)
            throw new InvalidDataException($"{Entry} holds {size} bytes but the weights table accounts for {Rows.Sum(r => r.Length)}.");
    }

    private static readonly Dictionary<string, string[]> LegacyFields = new(StringComparer.Ordinal)
    {
        ["_query"] = ["query"], ["_key"] = ["key"], ["_value"] = ["value"], ["_output"] = ["output"], ["_attention"] = ["attention"],
        ["_attentionNorm"] = ["attention_norm"], ["_feedForward"] = ["feed_forward"], ["_projection"] = ["projection"],
        ["_feedForwardNorm"] = ["feed_forward_norm"], ["_rnn"] = ["lstm", "gru"],
    };

    private static IEnumerable<string> LegacyNames(string name)
    {
        IEnumerable<string> names = [""];
        foreach (var segment in name.Split('.'))
        {
            var options = LegacyFields.GetValueOrDefault(segment) ?? [segment];
            names = names.SelectMany(prefix => options.Select(o => prefix.Length == 0 ? o : $"{prefix}.{o}")).ToList();
        }
        return names.Where(n => n != name);
    }

    /// <summary>Checks the table holds exactly the tensors the architecture implies, shape by shape.</summary>
    public void CheckAgainst(ArchitecturePlan plan)
    {
        var rows = Rows.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var (tensor, layer) in plan.Tensors)
        {
            if (!rows.Remove(tensor.Name, out var row))
                throw new InvalidDataException($"the architecture's {layer} has tensor '{tensor.Name}' of shape [{string.Join(", ", tensor.Shape)}], but the weights table lacks it.");
            if (!row.Shape.SequenceEqual(tensor.Shape))
                throw new InvalidDataException(
                    $"the architecture's {layer} makes tensor '{tensor.Name}' of shape [{string.Join(", ", tensor.Shape)}], but the weights table has [{string.Join(", ", row.Shape)}].");
            if (row.DType != Float32)
                throw new InvalidDataException($"the architecture's {layer} makes tensor '{tensor.Name}' as {Float32}, but the weights table has {row.DType}.");
        }
        if (rows.Count > 0)
            throw new InvalidDataException($"the weights table has tensor '{rows.Keys.First()}', which does not belong to the model's architecture.");
    }
}
