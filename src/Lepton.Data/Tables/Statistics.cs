namespace Lepton.Data.Tables;

/// <summary>Small formulas applied to counts the engine computed.</summary>
internal static class Statistics
{
    /// <summary>Population stability index of two distributions given as shares over the same bins; empty bins count as 0.0001.</summary>
    public static double Psi(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        const double floor = 1e-4;
        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = Math.Max(expected[i], floor);
            var a = Math.Max(actual[i], floor);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }
}
