using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lepton.Tuning.Spaces;

/// <summary>Reads a JSON number however the node holds it (a long, a double, an element parsed from text).</summary>
internal static class JsonNumber
{
    public static double? Read(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;
}
