using System.Runtime.InteropServices;

namespace Lepton.Bench.Studies;

/// <summary>One line about the machine: CPU, cores, memory, OS, .NET.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = Lines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } m ? m[(m.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() : RuntimeInformation.ProcessArchitecture.ToString();
        var memory = Lines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } t
            && long.TryParse(t.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb) ? $"{kb / 1024.0 / 1024.0:0.0} GiB" : "? GiB";
        var os = Lines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription;
        return $"{cpu}, {Environment.ProcessorCount} cores, {memory}, {os}, {RuntimeInformation.FrameworkDescription}";
    }

    private static IEnumerable<string> Lines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
