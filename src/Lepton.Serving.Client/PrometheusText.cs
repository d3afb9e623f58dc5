using System.Globalization;
using System.Text;

namespace Lepton.Serving.Client;

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4): <c># HELP</c> and <c># TYPE</c> lines,
/// other comments, samples with escaped label values (<c>\\</c>, <c>\"</c>, <c>\n</c>), values such as <c>+Inf</c>
/// and <c>NaN</c>, and optional timestamps. Anything else is a <see cref="FormatException"/> naming the line.
/// </summary>
internal static class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static List<MetricSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<MetricSample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim(' ', '\t');
            if (line.Length == 0) continue;
            try
            {
                if (line[0] == '#') ReadComment(line, typed);
                else
                {
                    var sample = ReadSample(line);
                    if (!seen.Add(Key(sample))) throw new FormatException($"the sample {Key(sample)} appears twice");
                    samples.Add(sample);
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"Metrics line {i + 1} is not in the Prometheus text format: {e.Message}. The line: {Shown(line)}", e);
            }
        }
        return samples;
    }

    private static void ReadComment(string line, HashSet<string> typed)
    {
        var parts = line[1..].TrimStart(' ', '\t').Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || (parts[0] != "HELP" && parts[0] != "TYPE")) return; // a plain comment
        if (parts.Length < 2 || !IsMetricName(parts[1])) throw new FormatException($"# {parts[0]} needs a metric name");
        if (parts[0] == "HELP") return;
        if (parts.Length < 3 || !Types.Contains(parts[2].Trim())) throw new FormatException($"# TYPE needs one of {string.Join(", ", Types)}");
        if (!typed.Add(parts[1])) throw new FormatException($"metric {parts[1]} has a second # TYPE");
    }

    private static MetricSample ReadSample(string line)
    {
        var at = 0;
        while (at < line.Length && IsNameChar(line[at], at == 0, metric: true)) at++;
        if (at == 0) throw new FormatException("a sample must start with a metric name");
        var name = line[..at];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (at < line.Length && line[at] == '{') at = ReadLabels(line, at + 1, labels);
        var rest = line[at..];
        if (rest.Length == 0 || (rest[0] != ' ' && rest[0] != '\t')) throw new FormatException("a space and a value must follow the name and labels");
        var fields = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 0 or > 2) throw new FormatException("after the name and labels come a value and, optionally, a timestamp");
        var value = Value(fields[0]);
        long? timestamp = null;
        if (fields.Length == 2)
        {
            if (!long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)) throw new FormatException($"the timestamp '{Shown(fields[1])}' is not a whole number of milliseconds");
            timestamp = ms;
        }
        return new MetricSample(name, labels, value, timestamp);
    }

    /// <summary>Reads <c>name="value",…}</c> from <paramref name="at"/> (just after the brace); returns the index after the closing brace.</summary>
    private static int ReadLabels(string line, int at, Dictionary<string, string> labels)
    {
        while (true)
        {
            at = SkipBlanks(line, at);
            if (at < line.Length && line[at] == '}') return at + 1;
            var start = at;
            while (at < line.Length && IsNameChar(line[at], at == start, metric: false)) at++;
            if (at == start) throw new FormatException("a label name must start with a letter or '_'");
            var label = line[start..at];
            at = SkipBlanks(line, at);
            if (at >= line.Length || line[at] != '=') throw new FormatException($"label {label} needs '=' and a quoted value");
            at = SkipBlanks(line, at + 1);
            if (at >= line.Length || line[at] != '"') throw new FormatException($"the value of label {label} must be in double quotes");
            var value = new StringBuilder();
            at++;
            while (true)
            {
                if (at >= line.Length) throw new FormatException($"the value of label {label} has no closing quote");
                var c = line[at++];
                if (c == '"') break;
                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }
                if (at >= line.Length) throw new FormatException($"the value of label {label} ends in a lone backslash");
                value.Append(line[at++] switch
                {
                    '\\' => '\\',
                    '"' => '"',
                    'n' => '\n',
                    var other => throw new FormatException($"the value of label {label} has the escape '\\{other}'; only \\\\, \\\" and \\n are allowed"),
                });
            }
            if (!labels.TryAdd(label, value.ToString())) throw new FormatException($"label {label} is given twice");
            at = SkipBlanks(line, at);
            if (at < line.Length && line[at] == ',') at++;
            else if (at >= line.Length || line[at] != '}') throw new FormatException("labels must be separated by ',' and end with '}'");
        }
    }

    private static double Value(string text)
    {
        switch (text)
        {
            case "+Inf" or "Inf": return double.PositiveInfinity;
            case "-Inf": return double.NegativeInfinity;
            case "NaN": return double.NaN;
        }
        // Only the characters of a decimal or exponent number: .NET would also read "Infinity", "∞" or thousands separators.
        if (text.Any(c => !(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-'))
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"the value '{Shown(text)}' is not a number (digits, +Inf, -Inf or NaN)");
        return value;
    }

    private static bool IsNameChar(char c, bool first, bool metric) =>
        char.IsAsciiLetter(c) || c == '_' || (metric && c == ':') || (!first && char.IsAsciiDigit(c));

    private static bool IsMetricName(string name) => name.Length > 0 && name.Select((c, i) => IsNameChar(c, i == 0, metric: true)).All(ok => ok);

    private static int SkipBlanks(string line, int at)
    {
        while (at < line.Length && line[at] is ' ' or '\t') at++;
        return at;
    }

    internal static string Key(MetricSample sample) =>
        sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{Escape(l.Value)}\"")) + "}";

    internal static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Shown(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
