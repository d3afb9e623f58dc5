namespace Lepton.Engine.Tests.Native;

/// <summary>A fact whose premise holds only on Debian 12 (its libstdc++); skipped, naming the system, elsewhere.</summary>
public sealed class FactIfDebian12Attribute : FactAttribute
{
    private const string OsRelease = "/etc/os-release";

    public FactIfDebian12Attribute()
    {
        var lines = File.Exists(OsRelease) ? File.ReadAllLines(OsRelease) : [];
        if (!lines.Contains("ID=debian") || !lines.Contains("VERSION_ID=\"12\""))
            Skip = $"The premise holds only on Debian 12; {OsRelease} says {lines.FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) ?? "nothing"}.";
    }
}
