namespace Lepton.Data.Tables;

/// <summary>Small formulas applied to counts the engine computed.</summary>
internal static class Statistics
{
    /// <summary>Cramér's V (no bias correction) from contingency cells (row label, column label, count).</summary>
    public static double CramersV(IReadOnlyList<(string Row, string Column, double Count)> cells)
    {
        var n = cells.Sum(c => c.Count);
        var rows = cells.GroupBy(c => c.Row).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var cols = cells.GroupBy(c => c.Column).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var k = Math.Min(rows.Count, cols.Count);
        if (n == 0 || k < 2) return double.NaN;
        var observed = cells.ToDictionary(c => (c.Row, c.Column), c => c.Count);
        var chi2 = 0.0;
        foreach (var (r, rn) in rows)
        {
            foreach (var (c, cn) in cols)
            {
                var expected = rn * cn / n;
                var o = observed.GetValueOrDefault((r, c));
                chi2 += (o - expected) * (o - expected) / expected;
            }
        }
        return Math.Sqrt(chi2 / (n * (k - 1)));
    }

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
