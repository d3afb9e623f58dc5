using System.Reflection;
using System.Runtime.CompilerServices;

namespace Lepton.Architecture.Tests;

public sealed class FriendAssemblyTests
{
    // docs/architecture.md: InternalsVisibleTo names test assemblies only. Links that predated the rule were listed
    // here until they went; none is left, and none may be added.
    private static readonly HashSet<string> s_knownFriendLinks = [];

    [Fact]
    public void Internals_are_visible_to_test_assemblies_only()
    {
        var links = BuildOutput.SrcProjects
            .Select(BuildOutput.Graph.AssemblyOf)
            .SelectMany(assembly => Assembly.Load(assembly).GetCustomAttributes<InternalsVisibleToAttribute>()
                .Select(friend => (Assembly: assembly, Friend: friend.AssemblyName.Split(',')[0].Trim())))
            .Where(link => !link.Friend.EndsWith(".Tests", StringComparison.Ordinal))
            .Select(link => $"{link.Assembly} → {link.Friend}")
            .ToList();

        var added = links.Where(link => !s_knownFriendLinks.Contains(link)).ToList();
        var gone = s_knownFriendLinks.Where(link => !links.Contains(link)).ToList();
        Assert.True(added.Count == 0,
            $"New InternalsVisibleTo to a non-test assembly: {string.Join(", ", added)}. What one Lepton assembly " +
            "uses of another is public, documented API (docs/architecture.md).");
        Assert.True(gone.Count == 0,
            $"{string.Join(", ", gone)} no longer exists: remove it from FriendAssemblyTests' known links.");
    }
}
