using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Tuning.Spaces;

namespace Lepton.Tuning.Reports;

/// <summary>How the report writes numbers and parameter values.</summary>
internal static class Show
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>An objective value or a number: four significant figures, in exponent form when very small or large.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value)) return "—";
        var a = Math.Abs(value);
        return a != 0 && (a < 1e-3 || a >= 1e6) ? value.ToString("0.###e+0", Inv) : value.ToString("0.####", Inv);
    }

    /// <summary>A parameter's value as a user wrote it: the number, or the choice (a string without quotes).</summary>
    public static string Value(SearchParameter parameter, double internalValue)
    {
        if (parameter.Distribution is CategoricalDistribution c && !c.Contains(internalValue)) return $"#{internalValue.ToString(Inv)}";
        return Node(parameter.Distribution.ToValue(internalValue));
    }

    /// <summary>A JSON value as text: a string without quotes, a number in short form.</summary>
    public static string Node(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) => Number(d) is var s && double.Parse(s, Inv) == d ? s : d.ToString("G6", Inv),
        _ => node.ToJsonString(),
    };

    /// <summary>A duration: 850 ms, 12.3 s, 4 m 05 s, 2 h 03 m.</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{span.TotalMilliseconds.ToString("0", Inv)} ms",
        < 60 => $"{span.TotalSeconds.ToString("0.0", Inv)} s",
        < 3600 => $"{(int)span.TotalMinutes} m {span.Seconds:00} s",
        _ => $"{(int)span.TotalHours} h {span.Minutes:00} m",
    };

    public static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
