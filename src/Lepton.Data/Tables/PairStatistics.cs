namespace Lepton.Data.Tables;

/// <summary>
/// Pearson, Spearman and Cramér's V of every pair of columns, computed here from the columns read once. Asking the
/// engine for every pair in one query made it hold one aggregate (or one hash table) per pair: a 1,797-row table of
/// 65 columns took minutes and 18 GB. Here it is a loop over rows per pair, on the same rows the engine would use.
/// </summary>
internal static class PairStatistics
{
    /// <summary>Pearson's r of two columns over the rows where both have a value (NaN marks a missing one); NaN when fewer than two such rows or a constant column.</summary>
    public static double Pearson(double[] x, double[] y)
    {
        // Welford's co-moments: stable for large values with a small spread, as DuckDB's corr is.
        long n = 0;
        double meanX = 0, meanY = 0, sxx = 0, syy = 0, sxy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double a = x[i], b = y[i];
            if (double.IsNaN(a) || double.IsNaN(b)) continue;
            n++;
            var dx = a - meanX;
            var dy = b - meanY;
            meanX += dx / n;
            meanY += dy / n;
            sxx += dx * (a - meanX);
            syy += dy * (b - meanY);
            sxy += dx * (b - meanY);
        }
        if (n < 2 || sxx <= 0 || syy <= 0) return double.NaN;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    /// <summary>Each value's average rank (1-based, ties sharing the mean of their positions) among the column's values; NaN stays NaN.</summary>
    public static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).Where(i => !double.IsNaN(values[i])).ToArray();
        Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
        var ranks = new double[values.Length];
        Array.Fill(ranks, double.NaN);
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && values[order[end]] == values[order[start]]) end++;
            var average = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++) ranks[order[k]] = average;
            start = end;
        }
        return ranks;
    }

    /// <summary>
    /// Cramér's V (no bias correction) of two columns of category codes (1…levels; 0 marks a missing value, and such
    /// rows are left out); NaN when either has fewer than two values among the rows left.
    /// </summary>
    public static double CramersV(int[] a, int levelsA, int[] b, int levelsB)
    {
        var counts = new double[(levelsA + 1) * (levelsB + 1)];
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == 0 || b[i] == 0) continue;
            counts[a[i] * (levelsB + 1) + b[i]]++;
        }
        var rows = new double[levelsA + 1];
        var columns = new double[levelsB + 1];
        var n = 0.0;
        for (var r = 1; r <= levelsA; r++)
        {
            for (var c = 1; c <= levelsB; c++)
            {
                var o = counts[r * (levelsB + 1) + c];
                rows[r] += o;
                columns[c] += o;
                n += o;
            }
        }
        var k = Math.Min(rows.Count(v => v > 0), columns.Count(v => v > 0));
        if (n == 0 || k < 2) return double.NaN;
        var chi2 = 0.0;
        for (var r = 1; r <= levelsA; r++)
        {
            if (rows[r] == 0) continue;
            for (var c = 1; c <= levelsB; c++)
            {
                if (columns[c] == 0) continue;
                var expected = rows[r] * columns[c] / n;
                var o = counts[r * (levelsB + 1) + c];
                chi2 += (o - expected) * (o - expected) / expected;
            }
        }
        return Math.Sqrt(chi2 / (n * (k - 1)));
    }
}
