using System.Globalization;

namespace Lepton.Bench;

/// <summary>The process's peak resident memory (Linux's VmHWM), which can be reset so each round gets its own peak.</summary>
internal static class PeakMemory
{
    /// <summary>Resets the peak to the current resident size; false where the OS does not allow it.</summary>
    public static bool TryReset()
    {
        try
        {
            // Writing 5 to clear_refs resets VmHWM (Linux 4.0+).
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The peak resident memory in MiB since the start or the last reset; null off Linux.</summary>
    public static double? PeakMib()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kib = long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                return Math.Round(kib / 1024.0, 1);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }
}
