using System.Reflection;
using System.Runtime.InteropServices;

namespace Lepton.Tracking;

/// <summary>The software and hardware a run used, recorded so a result can be reproduced.</summary>
public sealed record RunEnvironment(string Os, string Dotnet, string Lepton, string TorchSharp, int Threads, string Device)
{
    /// <summary>An environment nothing is known about (runs recorded by other tools).</summary>
    public static RunEnvironment Unknown { get; } = new("", "", "", "", 0, "");

    /// <summary>This process's environment; the engine's fields are empty when no engine is loaded (see <see cref="EngineDescription"/>).</summary>
    public static RunEnvironment Current()
    {
        var engine = EngineDescription.Current;
        return new RunEnvironment(
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            VersionOf(typeof(RunEnvironment).Assembly),
            engine?.Version ?? "",
            engine?.Threads ?? 0,
            engine?.Device ?? "");
    }

    private static string VersionOf(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
