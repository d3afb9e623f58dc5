using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using TorchSharp;

namespace Lepton.Bench;

/// <summary>The facts about the machine and software that a benchmark figure depends on, recorded with it.</summary>
internal static class MachineInfo
{
    public static JsonObject Collect() => new()
    {
        ["cpu"] = CpuModel(),
        ["logical_cores"] = CountCpuInfo("processor"),
        ["cores_available"] = Environment.ProcessorCount,
        ["memory_gib"] = MemoryGib(),
        ["os"] = OsName(),
        ["kernel"] = ReadTrimmed("/proc/sys/kernel/osrelease"),
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["torchsharp"] = Informational(typeof(torch).Assembly),
        ["libtorch"] = torch.__version__,
        ["lepton"] = Informational(typeof(LeptonRuntime).Assembly),
    };

    private static string Informational(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "?";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    private static string CpuModel()
    {
        var line = ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static int? CountCpuInfo(string key)
    {
        var count = ReadLines("/proc/cpuinfo").Count(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal));
        return count == 0 ? null : count;
    }

    private static double? MemoryGib()
    {
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        if (line is null) return null;
        var kib = long.Parse(line["MemTotal:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        return Math.Round(kib / 1024.0 / 1024.0, 1);
    }

    private static string OsName()
    {
        var pretty = ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return pretty is null ? RuntimeInformation.OSDescription : pretty["PRETTY_NAME=".Length..].Trim('"');
    }

    private static string? ReadTrimmed(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
