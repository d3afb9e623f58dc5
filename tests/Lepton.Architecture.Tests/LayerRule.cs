namespace Lepton.Architecture.Tests;

/// <summary>
/// One line of <see cref="Layering.Rules"/>: the assemblies <see cref="Assembly"/> names must never depend on anything
/// <see cref="Never"/> names, directly or through other assemblies or packages. Names are assembly names or package ids;
/// '*' matches any run of characters, and matching is case-sensitive ("lepton" is the command line, not a Lepton.* library).
/// </summary>
internal sealed record LayerRule(string Assembly, string[] Never, string Why)
{
    public bool AppliesTo(string assembly) => Glob.Matches(Assembly, assembly);

    public bool Forbids(string dependency) => Never.Any(pattern => Glob.Matches(pattern, dependency));
}

internal static class Glob
{
    public static bool Matches(string pattern, string name)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return string.Equals(pattern, name, StringComparison.Ordinal);
        }

        var prefix = pattern[..star];
        var rest = pattern[(star + 1)..];
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = prefix.Length; i <= name.Length; i++)
        {
            if (Matches(rest, name[i..]))
            {
                return true;
            }
        }

        return false;
    }
}
