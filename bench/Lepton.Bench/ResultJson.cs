using System.Text.Json.Nodes;

namespace Lepton.Bench;

/// <summary>Reading figures out of the results files, where any field may be missing.</summary>
internal static class ResultJson
{
    public static double? Double(JsonNode? node, string key) =>
        node?[key] is JsonValue value && value.TryGetValue<double>(out var d) ? d : null;

    public static int? Int(JsonNode? node, string key) => Double(node, key) is { } d ? (int)d : null;

    public static string Text(JsonNode? node, string key) => node?[key]?.ToString() ?? "?";
}
