using System.Globalization;
using System.Text.RegularExpressions;

namespace Lepton.Cli.Commands;

/// <summary>Sizes on the command line: <c>500MB</c>, <c>2GiB</c>, <c>1.5GB</c> or plain bytes (KB = 1000 bytes, KiB = 1024, as DuckDB reads them).</summary>
internal static partial class ByteSize
{
    /// <summary>The bytes <paramref name="text"/> names, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static long? Parse(string text, string option, out string? error)
    {
        error = null;
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            error = $"{option} '{text}' is not a size: write e.g. 500MB, 2GiB or a number of bytes.";
            return null;
        }

        var number = double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        var bytes = number * match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1d,
            "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "KIB" => 1024d,
            "MIB" => 1024d * 1024,
            "GIB" => 1024d * 1024 * 1024,
            _ => 1024d * 1024 * 1024 * 1024,
        };
        if (bytes is < 1 or > long.MaxValue / 2)
        {
            error = $"{option} {text} is out of range: give at least 1 byte.";
            return null;
        }

        return (long)bytes;
    }

    [GeneratedRegex(@"^\s*(?<number>\d+(\.\d+)?)\s*(?<unit>B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
