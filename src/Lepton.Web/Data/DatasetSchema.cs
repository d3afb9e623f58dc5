using System.Text.Json;

namespace Lepton.Web.Data;

/// <summary>What the pages read from a recorded dataset's schema text (JSON as <c>lepton train</c> writes it, or anything a user gave).</summary>
internal static class DatasetSchema
{
    /// <summary>The columns a schema lists (a JSON array of columns), or blank when it is not one.</summary>
    public static string ColumnCount(string schema)
    {
        try
        {
            using var document = JsonDocument.Parse(schema);
            return document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
