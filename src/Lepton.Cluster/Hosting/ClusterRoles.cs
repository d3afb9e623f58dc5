namespace Lepton.Cluster.Hosting;

/// <summary>
/// A silo's role travels in its name (<c>serving-HOST-PID</c>), which every member of the cluster sees in the
/// membership table; this is the one place that writes and reads it.
/// </summary>
public static class ClusterRoles
{
    private const string ServingPrefix = "serving-";

    /// <summary>A silo name for <paramref name="role"/>, unique on this machine.</summary>
    public static string SiloName(ClusterRole role) =>
        $"{role.ToString().ToLowerInvariant()}-{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Whether the silo named <paramref name="siloName"/> runs trials (every silo but a serving one).</summary>
    public static bool RunsTrials(string? siloName) => siloName is null || !siloName.StartsWith(ServingPrefix, StringComparison.Ordinal);
}
