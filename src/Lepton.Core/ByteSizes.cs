using System.Globalization;

namespace Lepton;

/// <summary>Sizes in bytes as people read them: <c>512 B</c>, <c>880.4 KiB</c>, <c>3.8 MiB</c>, <c>1.25 GiB</c> (powers of 1,024).</summary>
public static class ByteSizes
{
    /// <summary>The size with one decimal in KiB and MiB, two in GiB.</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };
}
