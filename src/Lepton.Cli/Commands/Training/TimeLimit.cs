using System.Globalization;

namespace Lepton.Cli.Commands.Training;

/// <summary>Reads a duration as people write it on a command line: <c>90s</c>, <c>10m</c>, <c>1.5h</c>, or seconds alone.</summary>
internal static class TimeLimit
{
    public static TimeSpan Parse(string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var (number, unit) = trimmed.Length > 0 && char.IsLetter(trimmed[^1]) ? (trimmed[..^1], trimmed[^1]) : (trimmed, 's');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || !double.IsFinite(value)
            || unit is not ('s' or 'm' or 'h'))
            throw new CliException($"--time-limit {text}: give a positive duration such as 90s, 10m or 1h.");
        return unit switch { 'h' => TimeSpan.FromHours(value), 'm' => TimeSpan.FromMinutes(value), _ => TimeSpan.FromSeconds(value) };
    }
}
