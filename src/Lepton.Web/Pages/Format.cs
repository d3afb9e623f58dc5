using System.Globalization;
using Lepton.Tracking;

namespace Lepton.Web.Pages;

/// <summary>How the pages write numbers, times, durations and sizes: invariant culture, UTC, short.</summary>
internal static class Format
{
    public static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "∞" : "-∞") : value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Number(double? value) => value is { } v ? Number(v) : "";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A time for a table cell: to the minute, UTC (the full time is in the cell's title).</summary>
    public static string ShortTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Duration(RunInfo run)
    {
        if (run.EndTime is not { } end) return run.Status == RunStatus.Running ? "running" : "";
        var span = end - run.StartTime;
        return span.TotalSeconds < 60 ? $"{span.TotalSeconds:0.0} s".Replace(',', '.')
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
            : $"{(int)span.TotalHours} h {span.Minutes} min";
    }

    public static string Size(long bytes) => ByteSizes.Format(bytes);

    public static string Status(RunStatus status) => status.ToString().ToLowerInvariant();

    public static string ShortId(string runId) => runId.Length > 8 ? runId[..8] : runId;
}
