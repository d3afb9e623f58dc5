using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;

namespace Lepton.Fuzz.Tests.Fuzzing;

/// <summary>
/// A structure-aware mutation of a <c>.lepton</c> seed: the zip is opened, <c>model.json</c> and <c>weights.bin</c> are
/// mutated as text and bytes, the manifest's SHA-256 optionally recomputed so the mutation gets past the hash check
/// (where a crafted <c>units: 1e9</c> used to crash the process), and the zip written again.
/// </summary>
internal sealed partial record ModelArchiveMutant(int Seed, IReadOnlyList<Mutation> Manifest, IReadOnlyList<Mutation> Weights, bool FixHash)
{
    public static Gen<ModelArchiveMutant> Of(int seeds) =>
        from seed in Gen.Int[0, seeds - 1]
        from manifest in Mutations.TextOf(1, 4).Select(m => m.Mutations)
        from weights in Mutations.One.List[0, 2]
        from fixHash in Gen.Bool
        select new ModelArchiveMutant(seed, manifest, weights, fixHash);

    public byte[] Apply(IReadOnlyList<byte[]> seeds)
    {
        var entries = new List<(string Name, byte[] Bytes)>();
        using (var zip = new ZipArchive(new MemoryStream(seeds[Seed % seeds.Count]), ZipArchiveMode.Read))
        {
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                entries.Add((entry.FullName, copy.ToArray()));
            }
        }

        var manifest = entries.FindIndex(e => e.Name == "model.json");
        var weights = entries.FindIndex(e => e.Name == "weights.bin");
        var json = entries[manifest].Bytes;
        foreach (var mutation in Manifest) json = mutation.Apply(json, []);
        if (weights >= 0)
        {
            var bin = entries[weights].Bytes;
            foreach (var mutation in Weights) bin = mutation.Apply(bin, []);
            entries[weights] = ("weights.bin", bin);
            if (FixHash)
            {
                var hash = Convert.ToHexString(SHA256.HashData(bin)).ToLowerInvariant();
                json = Encoding.UTF8.GetBytes(Sha256Field().Replace(Encoding.UTF8.GetString(json), $"\"sha256\": \"{hash}\"", 1));
            }
        }
        entries[manifest] = ("model.json", json);

        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(bytes);
            }
        }
        return output.ToArray();
    }

    [GeneratedRegex("\"sha256\"\\s*:\\s*\"[0-9a-f]*\"")]
    private static partial Regex Sha256Field();

    public override string ToString() =>
        $"seed {Seed}; model.json: {string.Join(", ", Manifest)}; weights.bin: {string.Join(", ", Weights)}; hash {(FixHash ? "recomputed" : "as is")}";
}
