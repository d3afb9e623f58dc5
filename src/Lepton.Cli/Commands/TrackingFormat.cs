using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lepton.Cli.Commands;

/// <summary>How the tracking commands print values: metrics as Keras does (4 decimals), times, durations, sizes, hashes.</summary>
internal static class TrackingFormat
{
    /// <summary>A metric value: 4 decimals, scientific below 1e-3 (Keras's progress bar rule).</summary>
    public static string Metric(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        if (value != 0 && Math.Abs(value) < 1e-3) return value.ToString("0.0000e+0", CultureInfo.InvariantCulture);
        return value.ToString("0.0000", CultureInfo.InvariantCulture);
    }

    public static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A time to the minute, for tables.</summary>
    /// <summary>A start time for tables: month, day and minute in the current year, the year too otherwise.</summary>
    public static string ShortTime(DateTimeOffset time)
    {
        var local = time.ToLocalTime();
        return local.ToString(local.Year == DateTimeOffset.Now.Year ? "MM-dd HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    public static string Time(DateTimeOffset? time) => time is { } t ? Time(t) : "";

    /// <summary>How long a run took (or has taken so far, while it runs).</summary>
    public static string Duration(DateTimeOffset start, DateTimeOffset? end)
    {
        var span = (end ?? DateTimeOffset.UtcNow) - start;
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        var text = span.TotalSeconds switch
        {
            < 1 => $"{span.TotalMilliseconds:0}ms",
            < 60 => $"{span.TotalSeconds:0.0}s",
            < 3600 => $"{(int)span.TotalMinutes}m {span.Seconds:00}s",
            _ => $"{(int)span.TotalHours}h {span.Minutes:00}m",
        };
        return end is null ? text + "…" : text;
    }

    public static string Size(long bytes) => ByteSizes.Format(bytes);

    /// <summary>The first 12 digits of a SHA-256, enough to tell files apart by eye.</summary>
    public static string Hash(string hash) => hash.Length > 12 ? hash[..12] : hash;

    public static string Status(Tracking.RunStatus status) => status switch
    {
        Tracking.RunStatus.Finished => "[green]finished[/]",
        Tracking.RunStatus.Running => "[blue]running[/]",
        Tracking.RunStatus.Failed => "[red]failed[/]",
        _ => "[yellow]killed[/]",
    };

    /// <summary>A table cell showing <paramref name="text"/> literally (brackets in names are not markup).</summary>
    public static IRenderable Cell(string? text, string? style = null) =>
        style is null ? new Text(text ?? "") : new Markup($"[{style}]{Markup.Escape(text ?? "")}[/]");
}
