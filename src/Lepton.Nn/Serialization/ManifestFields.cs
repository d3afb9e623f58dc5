using System.Text.Json.Nodes;

namespace Lepton.Nn.Serialization;

/// <summary>
/// Typed reads of model.json's fields that fail with the field's path (<c>weights.tensors[3].shape</c>) when a
/// field is missing or of the wrong kind, never with a null reference or a cast error.
/// </summary>
internal static class ManifestFields
{
    public static JsonNode Required(JsonNode? parent, string key, string where) =>
        (parent as JsonObject)?[key] ?? throw Missing(Path(where, key));

    public static JsonObject Object(JsonNode? parent, string key, string where) =>
        Required(parent, key, where) as JsonObject ?? throw Wrong(Path(where, key), "an object");

    public static JsonArray Array(JsonNode? parent, string key, string where) =>
        Required(parent, key, where) as JsonArray ?? throw Wrong(Path(where, key), "a list");

    public static string String(JsonNode? parent, string key, string where) => AsString(Required(parent, key, where), Path(where, key));

    public static long Long(JsonNode? parent, string key, string where) => AsLong(Required(parent, key, where), Path(where, key));

    public static string AsString(JsonNode? node, string where) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw Wrong(where, "a string");

    public static long AsLong(JsonNode? node, string where) =>
        node is JsonValue value && value.TryGetValue<long>(out var number) ? number : throw Wrong(where, "a whole number");

    public static double AsDouble(JsonNode? node, string where) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) && double.IsFinite(number) ? number : throw Wrong(where, "a number");

    /// <summary>A list of whole numbers, such as a shape.</summary>
    public static long[] Longs(JsonNode? parent, string key, string where)
    {
        var path = Path(where, key);
        return Array(parent, key, where).Select((d, i) => AsLong(d, $"{path}[{i}]")).ToArray();
    }

    public static string Path(string where, string key) => where.Length == 0 ? key : $"{where}.{key}";

    private static InvalidDataException Missing(string path) => new($"{ModelFile.ManifestEntry} has no '{path}'.");

    private static InvalidDataException Wrong(string path, string kind) => new($"{ModelFile.ManifestEntry}: '{path}' is not {kind}.");
}
