namespace Lepton;

/// <summary>
/// The population stability index: how far one distribution moved from another over the same bins, the drift figure
/// of the data layer's tables and of recorded dataset profiles alike (below 0.1 stable, from 0.25 drifted, by the usual reading).
/// </summary>
public static class PopulationStability
{
    /// <summary>The share an empty bin counts as, so that a bin empty on one side gives a large but finite index.</summary>
    public const double EmptyShare = 1e-4;

    /// <summary>Σ (actual − expected) · ln(actual / expected) over the bins, each share at least <see cref="EmptyShare"/>.</summary>
    /// <param name="expected">The reference's shares of the bins.</param>
    /// <param name="actual">The current distribution's shares of the same bins.</param>
    public static double Index(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Count != actual.Count) throw new ArgumentException($"The distributions have {expected.Count} and {actual.Count} bins; they need the same bins.", nameof(actual));
        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = Math.Max(expected[i], EmptyShare);
            var a = Math.Max(actual[i], EmptyShare);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }
}
