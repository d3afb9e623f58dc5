using System.Globalization;

namespace Lepton.Data.Tables;

/// <summary>PSI (and KS for numbers) of one column between a reference table and a current one, computed in each table's engine.</summary>
internal readonly record struct DriftMeasure(double Psi, double? Ks)
{
    private const string T = Table.StorageName;

    public static DriftMeasure? Of(Table reference, Table current, TableColumn a, TableColumn b, CancellationToken ct)
    {
        if (a.IsNumeric && b.IsNumeric) return Numeric(reference, current, a.Name, ct);
        if (a.Kind is ColumnKind.Categorical or ColumnKind.Boolean && b.Kind is ColumnKind.Categorical or ColumnKind.Boolean) return Categorical(reference, current, a.Name, ct);
        return null;
    }

    private static DriftMeasure? Numeric(Table reference, Table current, string name, CancellationToken ct)
    {
        var c = $"{Sql.Name(name)}::DOUBLE";
        var deciles = Quantiles(reference, c, Enumerable.Range(1, 9).Select(i => i / 10.0), ct).Distinct().Order().ToList();
        if (deciles.Count == 0) return null;
        var psi = PopulationStability.Index(Shares(reference, c, deciles, ct), Shares(current, c, deciles, ct));

        var percentiles = Enumerable.Range(0, 101).Select(i => i / 100.0).ToList();
        var grid = Quantiles(reference, c, percentiles, ct).Concat(Quantiles(current, c, percentiles, ct)).Distinct().Order().ToList();
        var f1 = Cumulative(reference, c, grid, ct);
        var f2 = Cumulative(current, c, grid, ct);
        var ks = f1.Zip(f2).Select(p => Math.Abs(p.First - p.Second)).DefaultIfEmpty(0).Max();
        return new DriftMeasure(psi, ks);
    }

    private static DriftMeasure? Categorical(Table reference, Table current, string name, CancellationToken ct)
    {
        var r = Counts(reference, name, ct);
        var k = Counts(current, name, ct);
        var categories = r.Keys.Union(k.Keys).Order(StringComparer.Ordinal).ToList();
        if (categories.Count == 0) return null;
        double rn = r.Values.Sum(), kn = k.Values.Sum();
        return new DriftMeasure(
            PopulationStability.Index(categories.Select(x => r.GetValueOrDefault(x) / rn).ToList(), categories.Select(x => k.GetValueOrDefault(x) / kn).ToList()), null);
    }

    private static List<double> Quantiles(Table table, string column, IEnumerable<double> probabilities, CancellationToken ct)
    {
        var value = table.Session.Scalar($"SELECT quantile_cont({column}, [{string.Join(", ", probabilities.Select(Sql.Number))}]) FROM {T}", ct);
        return value is System.Collections.IList list ? list.Cast<object?>().Where(v => v is not null).Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToList() : [];
    }

    /// <summary>Shares of non-missing values in the bins (−∞, e1], (e1, e2], …, (ek, ∞).</summary>
    private static List<double> Shares(Table table, string column, List<double> edges, CancellationToken ct)
    {
        var parts = new List<string>();
        for (var i = 0; i <= edges.Count; i++)
        {
            var low = i == 0 ? "" : $"{column} > {Sql.Number(edges[i - 1])}";
            var high = i == edges.Count ? "" : $"{column} <= {Sql.Number(edges[i])}";
            var condition = string.Join(" AND ", new[] { low, high }.Where(s => s.Length > 0));
            parts.Add($"count(*) FILTER (WHERE {condition})");
        }
        var row = table.Session.Rows($"SELECT count({column}), {string.Join(", ", parts)} FROM {T}", ct)[0];
        var n = (double)Table.ToLong(row[0]);
        return row.Skip(1).Select(v => n == 0 ? 0 : Table.ToLong(v) / n).ToList();
    }

    private static List<double> Cumulative(Table table, string column, List<double> grid, CancellationToken ct)
    {
        var row = table.Session.Rows(
            $"SELECT count({column}), {string.Join(", ", grid.Select(x => $"count(*) FILTER (WHERE {column} <= {Sql.Number(x)})"))} FROM {T}", ct)[0];
        var n = (double)Table.ToLong(row[0]);
        return row.Skip(1).Select(v => n == 0 ? 0 : Table.ToLong(v) / n).ToList();
    }

    private static Dictionary<string, double> Counts(Table table, string name, CancellationToken ct) =>
        table.Session.Rows($"SELECT CAST({Sql.Name(name)} AS VARCHAR), count(*) FROM {T} WHERE {Sql.Name(name)} IS NOT NULL GROUP BY ALL", ct)
            .ToDictionary(r => (string)r[0]!, r => (double)Table.ToLong(r[1]));
}
