namespace Lepton.Training.Features;

/// <summary>The names most like a mistyped one, for "did you mean" in error messages.</summary>
internal static class ClosestNames
{
    /// <summary>Up to <paramref name="count"/> of <paramref name="names"/> nearest to <paramref name="wanted"/> by edit distance (case ignored), close ones only.</summary>
    public static IReadOnlyList<string> Of(string wanted, IEnumerable<string> names, int count = 3) =>
        names.Select(n => (Name: n, Distance: Distance(wanted.ToLowerInvariant(), n.ToLowerInvariant())))
            .Where(p => p.Distance <= Math.Max(2, wanted.Length / 2))
            .OrderBy(p => p.Distance).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Take(count).Select(p => p.Name).ToList();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
