using System.Globalization;
using System.Text.Json.Nodes;

namespace Lepton.Export.Onnx.Tables;

/// <summary>
/// One fitted step as the pipeline's JSON stores it (<c>FittedPipeline.ToJsonObject()</c>: the step's kind under
/// <c>"step"</c>, its settings and fitted state under their property names), with the description people read.
/// The exporter reads the stored, versioned form, as any other consumer of a model file would.
/// </summary>
internal sealed class FittedStep(JsonObject json, string description)
{
    /// <summary>The step's kind: "impute", "scale", "onehot", …</summary>
    public string Kind => json["step"]?.GetValue<string>() ?? "";

    /// <summary>The step as people read it, e.g. "impute age (median)".</summary>
    public string Description => description;

    public string String(string name) => json[name]?.GetValue<string>() ?? "";

    public string[] Strings(string name) => json[name] is JsonArray list ? [.. list.Select(v => v!.GetValue<string>())] : [];

    public int Int(string name) => json[name] is JsonValue v ? v.GetValue<int>() : 0;

    public bool Bool(string name) => json[name] is JsonValue v && v.GetValue<bool>();

    /// <summary>An enum stored as its number (or, should the format change, its name).</summary>
    public TEnum Enum<TEnum>(string name) where TEnum : struct, System.Enum => json[name] switch
    {
        JsonValue v when v.TryGetValue<int>(out var n) => (TEnum)(object)n,
        JsonValue v when v.TryGetValue<string>(out var s) => System.Enum.Parse<TEnum>(s, ignoreCase: true),
        _ => default,
    };

    public double Double(string name) => Number(json[name]);

    public double? OptionalDouble(string name) => json[name] is null ? null : Number(json[name]);

    public double[] Doubles(string name) => json[name] is JsonArray list ? [.. list.Select(Number)] : [];

    public double[][] Matrix(string name) => json[name] is JsonArray rows ? [.. rows.Select(r => r is JsonArray row ? row.Select(Number).ToArray() : [])] : [];

    public Dictionary<string, double> Numbers(string name) => Map(name, Number);

    public Dictionary<string, string> Texts(string name) => Map(name, v => v!.GetValue<string>());

    public Dictionary<string, double[]> NumberLists(string name) => Map(name, v => v is JsonArray list ? list.Select(Number).ToArray() : []);

    private Dictionary<string, T> Map<T>(string name, Func<JsonNode?, T> read) =>
        json[name] is JsonObject map ? map.ToDictionary(p => p.Key, p => read(p.Value), StringComparer.Ordinal) : new(StringComparer.Ordinal);

    // The pipeline writes NaN and infinities as "NaN", "Infinity" (named floating-point literals).
    private static double Number(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => double.NaN,
    };
}
