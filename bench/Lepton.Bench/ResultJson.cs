using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Bench;

/// <summary>Reading figures out of the results files, where any field may be missing.</summary>
internal static class ResultJson
{
    public static double? Double(JsonNode? node, string key) =>
        node?[key] is JsonValue value && value.TryGetValue<double>(out var d) ? d : null;

    public static int? Int(JsonNode? node, string key) => Double(node, key) is { } d ? (int)d : null;

    public static string Text(JsonNode? node, string key) => node?[key]?.ToString() ?? "?";

    /// <summary>Writes a section's heading; false (after "Not run.") when there are no results for it.</summary>
    public static bool Section(StringBuilder md, string heading, [NotNullWhen(true)] JsonNode? results)
    {
        md.AppendLine(heading);
        md.AppendLine();
        if (results is not null) return true;
        md.AppendLine("Not run.");
        md.AppendLine();
        return false;
    }
}
