namespace Lepton.Tracking.Stores;

/// <summary>Times are stored as Unix milliseconds (UTC) in both databases.</summary>
internal static class SqlTime
{
    public static DateTimeOffset From(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static long To(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
