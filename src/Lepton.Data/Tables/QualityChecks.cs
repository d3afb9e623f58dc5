using System.Globalization;

namespace Lepton.Data.Tables;

/// <summary>Finds what in a table needs attention before training: from a profile, and between two tables (drift).</summary>
public static class QualityChecks
{
    /// <summary>Findings from a profile, most severe first: missing values, constant columns, duplicates, outliers, mixed types, high cardinality, and with a target, class imbalance and leakage.</summary>
    public static IReadOnlyList<QualityFinding> Check(TableProfile profile, QualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var o = options ?? new QualityOptions();
        var findings = new List<QualityFinding>();
        foreach (var column in profile.Columns) findings.AddRange(ColumnFindings(column, o, isTarget: column.Name == profile.Target));

        if (profile.DuplicateRows > 0)
        {
            var share = (double)profile.DuplicateRows / profile.RowCount;
            findings.Add(new(FindingKind.DuplicateRows, share >= 0.01 ? FindingSeverity.Warning : FindingSeverity.Info,
                profile.Columns.Select(c => c.Name).ToList(),
                $"{profile.DuplicateRows} rows ({Percent(share)}) repeat an earlier row exactly; drop them, or split train and test by group so copies do not land on both sides.", share));
        }

        if (profile.Target is { } target)
        {
            if (profile.TargetIsCategorical && profile.TargetClasses.Count >= 2)
            {
                var largest = profile.TargetClasses.MaxBy(c => c.Count)!;
                var small = profile.TargetClasses.Where(c => (double)c.Count / largest.Count < o.ImbalanceWarning).OrderBy(c => c.Count).ToList();
                if (small.Count > 0)
                {
                    var ratio = (double)small[0].Count / largest.Count;
                    var ratioText = ratio.ToString("0.###", CultureInfo.InvariantCulture);
                    var which = small.Count == 1
                        ? $"class '{small[0].Value}' has {small[0].Count} rows against {largest.Count} for '{largest.Value}' (ratio {ratioText})"
                        : $"{small.Count} classes have under {o.ImbalanceWarning.ToString("0.###", CultureInfo.InvariantCulture)} of the {largest.Count} rows of '{largest.Value}': " +
                          $"{string.Join(", ", small.Select(c => $"'{c.Value}' ({c.Count})"))} (smallest ratio {ratioText})";
                    findings.Add(new(FindingKind.ClassImbalance, ratio < o.ImbalanceError ? FindingSeverity.Error : FindingSeverity.Warning, [target],
                        $"Target '{target}' is imbalanced: {which}; use class weights, resampling, and F1 or AUC rather than accuracy.", ratio));
                }
            }
            foreach (var relation in profile.TargetRelations.Where(r => !double.IsNaN(r.Value) && Math.Abs(r.Value) >= o.Leakage))
            {
                findings.Add(new(FindingKind.TargetLeakage, FindingSeverity.Error, [relation.First, target],
                    $"'{relation.First}' is nearly identical to the target '{target}' ({Describe(relation.Method)} {relation.Value.ToString("0.###", CultureInfo.InvariantCulture)}); " +
                    "it probably leaks the answer — drop it unless it will truly be known at prediction time.", Math.Abs(relation.Value)));
            }
        }
        return findings.OrderByDescending(f => f.Severity).ToList();
    }

    private static IEnumerable<QualityFinding> ColumnFindings(ColumnProfile c, QualityOptions o, bool isTarget)
    {
        var rows = c.Count + c.Missing;
        if (c.Missing > 0 && isTarget)
        {
            // A missing target cannot be imputed: a made-up label teaches the model the imputation.
            yield return new(FindingKind.MissingValues, c.MissingShare >= o.MissingError ? FindingSeverity.Error : FindingSeverity.Warning, [c.Name],
                $"The target '{c.Name}' is missing in {c.Missing} of {rows} rows ({Percent(c.MissingShare)}); a row without a target cannot be learned from: " +
                $"drop those {c.Missing} rows (Table.DropMissing(\"{c.Name}\"), or a drop_missing step), do not impute them.", c.MissingShare);
        }
        else if (c.Missing > 0)
        {
            var severity = c.MissingShare >= o.MissingError ? FindingSeverity.Error : c.MissingShare >= o.MissingWarning ? FindingSeverity.Warning : FindingSeverity.Info;
            yield return new(FindingKind.MissingValues, severity, [c.Name],
                $"'{c.Name}' is missing in {c.Missing} of {rows} rows ({Percent(c.MissingShare)}); impute it{(severity == FindingSeverity.Error ? " or drop the column" : "")}.", c.MissingShare);
        }
        if (c.Count > 0 && c.Distinct == 1)
        {
            yield return new(FindingKind.Constant, FindingSeverity.Warning, [c.Name],
                $"'{c.Name}' holds a single value ({c.TopValues.FirstOrDefault()?.Value ?? "?"}); it carries no information — drop it.", 1);
        }
        else if (c.Count > 0 && c.TopValues.Count > 0 && (double)c.TopValues[0].Count / c.Count >= o.NearConstantShare)
        {
            var share = (double)c.TopValues[0].Count / c.Count;
            yield return new(FindingKind.NearConstant, FindingSeverity.Info, [c.Name],
                $"'{c.Name}' is near-constant: '{c.TopValues[0].Value}' fills {Percent(share)} of its values.", share);
        }
        if (c.OutliersIqr > 0 || c.OutliersZScore > 0)
        {
            // Only what was found is stated: "0 values outside the IQR fences" is no finding.
            var share = (double)(c.OutliersIqr > 0 ? c.OutliersIqr : c.OutliersZScore) / c.Count;
            var found = new List<string>();
            if (c.OutliersIqr > 0) found.Add($"{c.OutliersIqr} value(s) outside the IQR fences ({Percent((double)c.OutliersIqr / c.Count)})");
            if (c.OutliersZScore > 0) found.Add($"{c.OutliersZScore} more than 3 standard deviations from the mean");
            yield return new(FindingKind.Outliers, share >= o.OutlierWarning ? FindingSeverity.Warning : FindingSeverity.Info, [c.Name],
                $"'{c.Name}' has {string.Join(" and ", found)}. Check them, then clip, winsorize or use robust scaling.", share);
        }
        if (c.NumberLikeValues > 0 && c.NumberLikeValues < c.Count)
        {
            var share = (double)c.NumberLikeValues / c.Count;
            if (share >= 0.01 && 1 - share >= 0.001 || share >= 0.5)
            {
                yield return new(FindingKind.MixedTypes, share >= 0.5 ? FindingSeverity.Warning : FindingSeverity.Info, [c.Name],
                    $"'{c.Name}' mixes numbers ({c.NumberLikeValues} values) and text ({c.Count - c.NumberLikeValues}); " +
                    (share >= 0.5 ? "it is probably numeric with stray text: read it as Float and let the bad-row policy handle the rest." : "check whether the numbers are codes or mistakes."), share);
            }
        }
        if (c.Kind == ColumnKind.Categorical && c.Distinct >= o.HighCardinality)
        {
            yield return new(FindingKind.HighCardinality, FindingSeverity.Warning, [c.Name],
                $"'{c.Name}' has {c.Distinct} distinct values; one-hot encoding would add as many columns — use target or hashing encoding, or group rare values.", c.Distinct);
        }
    }

    /// <summary>
    /// Drift of every column the two tables share: PSI over the reference's deciles (numeric) or categories,
    /// and for numeric columns the Kolmogorov–Smirnov distance, evaluated at both tables' percentiles.
    /// </summary>
    public static Task<IReadOnlyList<QualityFinding>> DriftAsync(Table reference, Table current, QualityOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Drift(reference, current, options, cancellationToken), cancellationToken);

    /// <summary>Drift findings on the calling thread; see <see cref="DriftAsync"/>. Only columns whose PSI reaches the warning threshold are reported.</summary>
    public static IReadOnlyList<QualityFinding> Drift(Table reference, Table current, QualityOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var o = options ?? new QualityOptions();
        var findings = new List<QualityFinding>();
        foreach (var column in reference.Columns)
        {
            var other = current.Columns.FirstOrDefault(c => c.Name == column.Name);
            if (other is null) continue;
            var measure = DriftMeasure.Of(reference, current, column, other, cancellationToken);
            if (measure is not { } m || m.Psi < o.DriftWarning) continue;
            var ks = m.Ks is { } d ? $", KS distance {d.ToString("0.###", CultureInfo.InvariantCulture)}" : "";
            findings.Add(new(FindingKind.Drift, m.Psi >= o.DriftError ? FindingSeverity.Error : FindingSeverity.Warning, [column.Name],
                $"'{column.Name}' has drifted: PSI {m.Psi.ToString("0.###", CultureInfo.InvariantCulture)}{ks}; a model trained on the reference may not hold — retrain or investigate.", m.Psi));
        }
        return findings.OrderByDescending(f => f.Value).ToList();
    }

    private static string Describe(CorrelationMethod method) => method switch
    {
        CorrelationMethod.Pearson => "Pearson r",
        CorrelationMethod.Spearman => "Spearman ρ",
        CorrelationMethod.CramersV => "Cramér's V",
        _ => "correlation ratio η",
    };

    private static string Percent(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);
}
