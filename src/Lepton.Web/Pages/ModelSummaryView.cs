using System.IO.Compression;
using System.Text.Json;
using Lepton.Tracking;
using Lepton.Tracking.Artifacts;

namespace Lepton.Web.Pages;

/// <summary>
/// A <c>.lepton</c> file's summary, read from its <c>model.json</c> alone (docs/model-file.md) — no engine, no weights
/// loaded: the layers with their settings and parameter counts, the input signature, output shape, classes, loss,
/// preprocessing, recorded metrics and versions.
/// </summary>
internal sealed record ModelSummaryView(
    RunInfo Run,
    ArtifactEntry Entry,
    string Architecture,
    IReadOnlyList<ModelSummaryView.Layer> Layers,
    long Parameters,
    IReadOnlyList<(string Key, string Value)> Facts,
    IReadOnlyList<string> ClassNames)
{
    /// <summary>The largest <c>model.json</c> read: the format's own limit is far below (it holds no weights).</summary>
    private const long LargestManifest = 16L << 20;

    /// <summary>One layer: its type, name, settings and how many weights it holds.</summary>
    internal sealed record Layer(string Type, string Name, string Settings, long Parameters);

    public static async Task<ModelSummaryView> ReadAsync(IArtifactStore artifacts, RunInfo run, ArtifactEntry entry, CancellationToken cancellationToken)
    {
        // A zip is read from its end: the file goes to a temporary copy (deleted on close), never whole into memory.
        var temp = Path.Combine(Path.GetTempPath(), $"lepton-summary-{Guid.NewGuid():N}.lepton");
        await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (var source = await artifacts.OpenReadAsync(entry.Hash, cancellationToken).ConfigureAwait(false))
            await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        JsonDocument manifest;
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var json = zip.GetEntry("model.json") ?? throw Bad(entry, "it holds no model.json");
            if (json.Length > LargestManifest) throw Bad(entry, $"its model.json is {json.Length:N0} bytes");
            await using var stream = json.Open();
            manifest = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            throw Bad(entry, e.Message);
        }

        using (manifest)
            return Summarize(run, entry, manifest.RootElement);
    }

    private static DashboardException Bad(ArtifactEntry entry, string reason) =>
        new(StatusCodes.Status422UnprocessableEntity, $"'{entry.Path}' cannot be read as a Lepton model file: {reason}.");

    private static ModelSummaryView Summarize(RunInfo run, ArtifactEntry entry, JsonElement root)
    {
        var tensors = root.TryGetProperty("weights", out var weights) && weights.TryGetProperty("tensors", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(x => (Name: Text(x, "name"), Count: Count(x))).ToList()
            : [];
        var layers = new List<Layer>();
        var architecture = "";
        if (root.TryGetProperty("architecture", out var arch) && arch.ValueKind == JsonValueKind.Object)
        {
            architecture = Text(arch, "type");
            if (arch.TryGetProperty("layers", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var layer in list.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.Object))
                {
                    var name = Text(layer, "name");
                    var settings = string.Join(", ", layer.EnumerateObject().Where(p => p.Name is not ("type" or "name")).Select(p => $"{p.Name}={Compact(p.Value)}"));
                    var parameters = tensors.Where(x => x.Name.StartsWith(name + ".", StringComparison.Ordinal)).Sum(x => x.Count);
                    layers.Add(new Layer(Text(layer, "type"), name, settings, parameters));
                }
            }
        }

        var facts = new List<(string, string)>();
        foreach (var key in new[] { "input_signature", "output_shape", "loss", "preprocessing", "metrics", "description", "lepton_version", "torchsharp_version", "format_version", "created_utc" })
        {
            if (root.TryGetProperty(key, out var value) && value.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
                facts.Add((key, Compact(value)));
        }

        var classes = root.TryGetProperty("class_names", out var names) && names.ValueKind == JsonValueKind.Array
            ? names.EnumerateArray().Select(n => n.ToString()).ToList()
            : [];
        return new ModelSummaryView(run, entry, architecture, layers, tensors.Sum(x => x.Count), facts, classes);
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static long Count(JsonElement tensor) =>
        tensor.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Array
            ? shape.EnumerateArray().Aggregate(1L, (n, d) => d.TryGetInt64(out var v) ? n * v : n)
            : 0;

    /// <summary>A JSON value on one line, cut at 400 characters (a spec can be long).</summary>
    private static string Compact(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
        text = string.Join(' ', text.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
        return text.Length > 400 ? text[..400] + "…" : text;
    }
}
