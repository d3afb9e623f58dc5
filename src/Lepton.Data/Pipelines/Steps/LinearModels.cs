namespace Lepton.Data.Pipelines.Steps;

/// <summary>Small linear fits for feature selection, on standardised features and a centred target (coefficients comparable across features).</summary>
internal static class LinearModels
{
    /// <summary>Complete rows of the features and the target, pulled from the engine.</summary>
    public static (double[][] X, double[] Y) Read(WorkingTable table, IReadOnlyList<string> features, string target)
    {
        var columns = features.Append(target).Select(c => $"CAST({Tables.Sql.Name(c)} AS DOUBLE)").ToList();
        var rows = table.Rows($"SELECT {string.Join(", ", columns)} FROM {WorkingTable.Name} WHERE {string.Join(" AND ", columns.Select(c => $"{c} IS NOT NULL"))}");
        var x = rows.Select(r => r.Take(features.Count).Select(v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var y = rows.Select(r => Convert.ToDouble(r[features.Count], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (x, y);
    }

    /// <summary>Standardises columns (population std; constant columns become 0) and centres the target.</summary>
    public static (double[][] X, double[] Y) Standardise(double[][] x, double[] y)
    {
        var n = x.Length;
        var d = n == 0 ? 0 : x[0].Length;
        var z = x.Select(r => (double[])r.Clone()).ToArray();
        for (var j = 0; j < d; j++)
        {
            var mean = x.Average(r => r[j]);
            var std = Math.Sqrt(x.Average(r => (r[j] - mean) * (r[j] - mean)));
            foreach (var r in z) r[j] = std > 0 ? (r[j] - mean) / std : 0;
        }
        var my = y.Average();
        return (z, y.Select(v => v - my).ToArray());
    }

    /// <summary>Lasso by cyclic coordinate descent: minimises ‖y − Xb‖² / 2n + α‖b‖₁.</summary>
    public static double[] Lasso(double[][] x, double[] y, double alpha, int maxSweeps = 1000, double tolerance = 1e-10)
    {
        var n = x.Length;
        var d = x[0].Length;
        var b = new double[d];
        var residual = (double[])y.Clone();
        var norms = Enumerable.Range(0, d).Select(j => x.Sum(r => r[j] * r[j]) / n).ToArray();
        for (var sweep = 0; sweep < maxSweeps; sweep++)
        {
            var largest = 0.0;
            for (var j = 0; j < d; j++)
            {
                if (norms[j] == 0) continue;
                var rho = 0.0;
                for (var i = 0; i < n; i++) rho += x[i][j] * (residual[i] + x[i][j] * b[j]);
                rho /= n;
                var updated = Math.Sign(rho) * Math.Max(Math.Abs(rho) - alpha, 0) / norms[j];
                var change = updated - b[j];
                if (change != 0)
                {
                    for (var i = 0; i < n; i++) residual[i] -= x[i][j] * change;
                    b[j] = updated;
                }
                largest = Math.Max(largest, Math.Abs(change));
            }
            if (largest < tolerance) break;
        }
        return b;
    }

    /// <summary>Least squares with a tiny ridge (so collinear features still solve), by Gaussian elimination of the normal equations.</summary>
    public static double[] LeastSquares(double[][] x, double[] y, double ridge = 1e-9)
    {
        var d = x[0].Length;
        var a = new double[d, d + 1];
        foreach (var (row, target) in x.Zip(y))
        {
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++) a[i, j] += row[i] * row[j];
                a[i, d] += row[i] * target;
            }
        }
        for (var i = 0; i < d; i++) a[i, i] += ridge * x.Length;
        for (var col = 0; col < d; col++)
        {
            var pivot = Enumerable.Range(col, d - col).MaxBy(r => Math.Abs(a[r, col]));
            for (var k = 0; k <= d; k++) (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            if (Math.Abs(a[col, col]) < 1e-300) continue;
            for (var r = 0; r < d; r++)
            {
                if (r == col) continue;
                var f = a[r, col] / a[col, col];
                for (var k = col; k <= d; k++) a[r, k] -= f * a[col, k];
            }
        }
        return Enumerable.Range(0, d).Select(i => Math.Abs(a[i, i]) < 1e-300 ? 0 : a[i, d] / a[i, i]).ToArray();
    }
}
