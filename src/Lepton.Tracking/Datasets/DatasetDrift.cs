using System.Globalization;

namespace Lepton.Tracking.Datasets;

/// <summary>
/// Drift between two recorded datasets, computed from their <see cref="DatasetProfile"/>s alone: the population
/// stability index of every column (over the reference's deciles for numbers, over the categories otherwise) and,
/// for numbers, the Kolmogorov–Smirnov distance, both read from the kept percentiles. The data layer's
/// <c>QualityChecks.Drift</c> computes the same figures exactly from two tables; these agree with it to about 0.01
/// when the columns keep all their categories.
/// </summary>
public sealed class DatasetDrift
{
    /// <summary>The PSI at which a column is worth a look (the usual 0.1).</summary>
    public const double DefaultWarning = 0.1;

    /// <summary>The PSI at which a column has drifted (the usual 0.25).</summary>
    public const double DefaultDrift = 0.25;

    private const int ChartBars = 20;
    private const int ChartCategories = 12;
    private const string Other = "(other)";

    private DatasetDrift(IReadOnlyList<ColumnDrift> columns) => Columns = columns;

    /// <summary>Every column of either dataset: drifted first (highest PSI first), then the ones not compared.</summary>
    public IReadOnlyList<ColumnDrift> Columns { get; }

    /// <summary>The columns at <see cref="DriftLevel.Drift"/>.</summary>
    public int Drifted => Columns.Count(c => c.Level == DriftLevel.Drift);

    /// <summary>Compares <paramref name="current"/> with <paramref name="reference"/>, column by column (matched by name).</summary>
    public static DatasetDrift Compare(DatasetProfile reference, DatasetProfile current, double warning = DefaultWarning, double drift = DefaultDrift)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (!(warning > 0) || !(drift >= warning)) throw new ArgumentOutOfRangeException(nameof(drift), $"The thresholds must be 0 < warning ({warning}) ≤ drift ({drift}).");
        var columns = new List<ColumnDrift>();
        foreach (var r in reference.Columns)
        {
            var c = current.Column(r.Name);
            columns.Add(c is null ? NotCompared(r, "Not in the current dataset.") : Measure(r, c, warning, drift));
        }
        foreach (var c in current.Columns.Where(c => reference.Column(c.Name) is null))
            columns.Add(NotCompared(c, "Only in the current dataset."));
        return new DatasetDrift(columns
            .OrderBy(c => c.Level == DriftLevel.NotCompared)
            .ThenByDescending(c => c.Psi ?? 0)
            .ToList());
    }

    private static ColumnDrift Measure(ProfiledColumn r, ProfiledColumn c, double warning, double drift)
    {
        var numeric = IsNumeric(r.Kind);
        if (numeric != IsNumeric(c.Kind) || IsCategorical(r.Kind) != IsCategorical(c.Kind))
            return NotCompared(r, $"Its kind changed from {r.Kind} to {c.Kind}.");
        if (numeric)
        {
            if (r.Percentiles is null || c.Percentiles is null) return NotCompared(r, "A profile keeps no percentiles for it (no values present).");
            var (psi, ks) = NumericMeasures(r, c);
            return new ColumnDrift(r.Name, r.Kind, psi, ks, Level(psi, warning, drift), null, NumericBars(r, c));
        }
        if (IsCategorical(r.Kind))
        {
            if (r.Count == 0 || c.Count == 0) return NotCompared(r, "One of the datasets has no values in it.");
            var (psi, bars, estimated) = Categories(r, c);
            return new ColumnDrift(r.Name, r.Kind, psi, null, Level(psi, warning, drift),
                estimated ? $"Estimated from the {DatasetProfile.MaxTopValues} most frequent values of each; the rest count as one category." : null, bars);
        }
        return NotCompared(r, $"A {r.Kind} column has no distribution to compare.");
    }

    private static (double Psi, double Ks) NumericMeasures(ProfiledColumn r, ProfiledColumn c)
    {
        var deciles = Enumerable.Range(1, 9).Select(i => r.Percentiles![i * 10]).Distinct().ToList();
        var psi = PopulationStability.Index(Shares(r, deciles), Shares(c, deciles));
        var grid = r.Percentiles!.Concat(c.Percentiles!).Distinct();
        var ks = grid.Select(x => Math.Abs(r.CumulativeShare(x) - c.CumulativeShare(x))).DefaultIfEmpty(0).Max();
        return (psi, ks);
    }

    /// <summary>Shares in (−∞, e1], (e1, e2], …, (ek, ∞).</summary>
    private static List<double> Shares(ProfiledColumn column, List<double> edges)
    {
        var shares = new List<double>(edges.Count + 1);
        var below = 0.0;
        foreach (var edge in edges)
        {
            var at = column.CumulativeShare(edge);
            shares.Add(at - below);
            below = at;
        }
        shares.Add(1 - below);
        return shares;
    }

    private static List<DriftBar> NumericBars(ProfiledColumn r, ProfiledColumn c)
    {
        var low = Math.Min(r.Percentiles![0], c.Percentiles![0]);
        var high = Math.Max(r.Percentiles[^1], c.Percentiles[^1]);
        if (high <= low) return [new DriftBar(Number(low), 1, 1)];
        var width = (high - low) / ChartBars;
        var bars = new List<DriftBar>(ChartBars);
        double belowR = 0, belowC = 0;
        for (var i = 0; i < ChartBars; i++)
        {
            var upper = i == ChartBars - 1 ? high : low + (i + 1) * width;
            double atR = r.CumulativeShare(upper), atC = c.CumulativeShare(upper);
            bars.Add(new DriftBar($"{Number(low + i * width)} – {Number(upper)}", atR - belowR, atC - belowC));
            (belowR, belowC) = (atR, atC);
        }
        return bars;
    }

    private static (double Psi, List<DriftBar> Bars, bool Estimated) Categories(ProfiledColumn r, ProfiledColumn c)
    {
        var rs = r.TopValues.ToDictionary(v => v.Value, v => (double)v.Count / r.Count, StringComparer.Ordinal);
        var cs = c.TopValues.ToDictionary(v => v.Value, v => (double)v.Count / c.Count, StringComparer.Ordinal);
        var names = rs.Keys.Union(cs.Keys, StringComparer.Ordinal)
            .OrderByDescending(k => rs.GetValueOrDefault(k)).ThenByDescending(k => cs.GetValueOrDefault(k)).ThenBy(k => k, StringComparer.Ordinal).ToList();
        var estimated = !r.TopValuesComplete || !c.TopValuesComplete;
        var expected = names.Select(k => rs.GetValueOrDefault(k)).ToList();
        var actual = names.Select(k => cs.GetValueOrDefault(k)).ToList();
        if (estimated)
        {
            expected.Add(Math.Max(0, 1 - rs.Values.Sum()));
            actual.Add(Math.Max(0, 1 - cs.Values.Sum()));
        }
        var psi = PopulationStability.Index(expected, actual);

        var shown = names.Take(ChartCategories).Select(k => new DriftBar(k, rs.GetValueOrDefault(k), cs.GetValueOrDefault(k))).ToList();
        var restR = 1 - shown.Sum(b => b.Reference);
        var restC = 1 - shown.Sum(b => b.Current);
        if (restR > 1e-9 || restC > 1e-9) shown.Add(new DriftBar(Other, Math.Max(0, restR), Math.Max(0, restC)));
        return (psi, shown, estimated);
    }

    private static DriftLevel Level(double psi, double warning, double drift) =>
        psi >= drift ? DriftLevel.Drift : psi >= warning ? DriftLevel.Warning : DriftLevel.Stable;

    private static ColumnDrift NotCompared(ProfiledColumn column, string why) => new(column.Name, column.Kind, null, null, DriftLevel.NotCompared, why, []);

    private static bool IsNumeric(string kind) => kind is "integer" or "float";

    private static bool IsCategorical(string kind) => kind is "categorical" or "boolean";

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
