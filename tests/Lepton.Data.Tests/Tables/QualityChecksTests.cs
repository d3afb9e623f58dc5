using System.Globalization;
using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Tables;

public sealed class QualityChecksTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>200 rows with one problem per column, plus 3 exact copies of earlier rows.</summary>
    private Table Messy()
    {
        var random = new Random(42);
        var text = new StringBuilder("id,clean,holes,mostly_missing,constant,near,amount,mixed,city,leak,label\n");
        var rows = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var yes = i % 20 == 0; // 10 of 200
            var amount = i % 25 == 0 ? 10_000 + i : 50 + random.Next(0, 20);
            rows.Add(string.Join(",",
                i,
                (random.NextDouble() * 10).ToString("0.000", CultureInfo.InvariantCulture),
                i % 10 < 3 ? "" : random.Next(0, 5).ToString(CultureInfo.InvariantCulture),
                i % 10 < 6 ? "" : "1.5",
                "x",
                i < 197 ? "a" : "b",
                amount,
                i % 4 == 0 ? "unknown" : (i % 7).ToString(CultureInfo.InvariantCulture),
                "c" + (i % 150).ToString(CultureInfo.InvariantCulture),
                yes ? 1 : 0,
                yes ? "yes" : "no"));
        }
        rows.AddRange(rows.Take(3));
        text.AppendJoin('\n', rows).Append('\n');
        return Table.Read(folder.Write("messy.csv", text.ToString()));
    }

    [Fact]
    public void Each_problem_is_found_with_its_severity_and_columns()
    {
        using var table = Messy();
        var findings = QualityChecks.Check(table.Profile(new ProfileOptions { Target = "label" }));

        QualityFinding Find(FindingKind kind, string column) => Assert.Single(findings, f => f.Kind == kind && f.Columns.Contains(column));

        Assert.Equal(FindingSeverity.Warning, Find(FindingKind.MissingValues, "holes").Severity);
        Assert.Equal(FindingSeverity.Error, Find(FindingKind.MissingValues, "mostly_missing").Severity);
        Assert.Equal(FindingSeverity.Warning, Find(FindingKind.Constant, "constant").Severity);
        Assert.Equal(FindingSeverity.Info, Find(FindingKind.NearConstant, "near").Severity);
        var outliers = Find(FindingKind.Outliers, "amount");
        Assert.Equal(9.0 / 203, outliers.Value, 9); // i = 0, 25, …, 175 (8 rows) and the copy of row 0
        Assert.Equal(FindingSeverity.Warning, Find(FindingKind.MixedTypes, "mixed").Severity);
        Assert.Equal(FindingSeverity.Warning, Find(FindingKind.HighCardinality, "city").Severity);
        var duplicates = Assert.Single(findings, f => f.Kind == FindingKind.DuplicateRows);
        Assert.Equal(3.0 / 203, duplicates.Value, 9);
        Assert.Equal(11, duplicates.Columns.Count);
        var imbalance = Assert.Single(findings, f => f.Kind == FindingKind.ClassImbalance);
        Assert.Equal(["label"], imbalance.Columns);
        Assert.Equal(11.0 / 192, imbalance.Value, 9); // the copy of row 0 is a 'yes'
        Assert.Equal(FindingSeverity.Warning, imbalance.Severity);
        var leak = Assert.Single(findings, f => f.Kind == FindingKind.TargetLeakage);
        Assert.Equal(["leak", "label"], leak.Columns);
        Assert.Equal(FindingSeverity.Error, leak.Severity);
        Assert.Equal(FindingSeverity.Error, findings[0].Severity); // most severe first
        Assert.DoesNotContain(findings, f => f.Columns.SequenceEqual(["clean"]));
        Assert.DoesNotContain(findings, f => f.Columns.SequenceEqual(["id"]));
    }

    [Fact]
    public void A_missing_target_is_a_warning_to_drop_its_rows_not_to_impute_them()
    {
        using var table = Table.Read(folder.Write("t.csv", "x,label\n" + string.Join("\n", Enumerable.Range(0, 100).Select(i => $"{i},{(i % 50 == 7 ? "" : i % 2 == 0 ? "a" : "b")}")) + "\n"));

        var asTarget = Assert.Single(QualityChecks.Check(table.Profile(new ProfileOptions { Target = "label" })), f => f.Kind == FindingKind.MissingValues);
        Assert.Equal(FindingSeverity.Warning, asTarget.Severity);
        Assert.Contains("The target 'label' is missing in 2 of 100 rows", asTarget.Message);
        Assert.Contains("drop those 2 rows", asTarget.Message);
        Assert.DoesNotContain("; impute it", asTarget.Message);

        // Without a target the same column is a feature with a few gaps: impute it, for information.
        var asFeature = Assert.Single(QualityChecks.Check(table.Profile()), f => f.Kind == FindingKind.MissingValues);
        Assert.Equal(FindingSeverity.Info, asFeature.Severity);
        Assert.Contains("impute it", asFeature.Message);
    }

    [Fact]
    public void Class_imbalance_names_every_class_below_the_threshold()
    {
        var labels = Enumerable.Repeat("big", 100).Concat(Enumerable.Repeat("mid", 60)).Concat(Enumerable.Repeat("rare", 10)).Concat(Enumerable.Repeat("tiny", 3));
        using var table = Table.Read(folder.Write("c.csv", "label\n" + string.Join("\n", labels) + "\n"));

        var imbalance = Assert.Single(QualityChecks.Check(table.Profile(new ProfileOptions { Target = "label" })), f => f.Kind == FindingKind.ClassImbalance);
        Assert.Contains("2 classes", imbalance.Message);
        Assert.Contains("'tiny' (3), 'rare' (10)", imbalance.Message);
        Assert.DoesNotContain("'mid'", imbalance.Message);
        Assert.Equal(FindingSeverity.Error, imbalance.Severity);
    }

    [Fact]
    public void Outliers_found_only_by_z_score_do_not_report_zero_iqr_outliers()
    {
        // Two modes, 0 and 100: the fences are −150 and 250, so 230 is inside them but more than 3 deviations out.
        var values = Enumerable.Repeat("0", 100).Concat(Enumerable.Repeat("100", 99)).Append("230");
        using var table = Table.Read(folder.Write("z.csv", "v\n" + string.Join("\n", values) + "\n"));
        var profile = table.Profile();
        Assert.Equal(0, profile.Column("v").OutliersIqr);
        Assert.Equal(1, profile.Column("v").OutliersZScore);

        var finding = Assert.Single(QualityChecks.Check(profile), f => f.Kind == FindingKind.Outliers);
        Assert.DoesNotContain("IQR", finding.Message);
        Assert.Contains("1 more than 3 standard deviations", finding.Message);
    }

    [Fact]
    public void A_clean_table_has_no_findings()
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 300).Select(i => string.Join(",",
            (random.NextDouble() * 100).ToString("0.0000", CultureInfo.InvariantCulture),
            (random.NextDouble() * 5).ToString("0.0000", CultureInfo.InvariantCulture),
            new[] { "red", "green", "blue" }[i % 3],
            i % 2 == 0 ? "cat" : "dog"));
        using var table = Table.Read(folder.Write("clean.csv", "a,b,colour,label\n" + string.Join("\n", rows) + "\n"));
        Assert.Empty(QualityChecks.Check(table.Profile(new ProfileOptions { Target = "label" })));
    }

    [Fact]
    public void Thresholds_can_be_changed()
    {
        using var table = Table.Read(folder.Write("m.csv", "a,b\n1,x\n,y\n3,z\n4,w\n5,v\n6,u\n7,t\n8,s\n9,r\n10,q\n"));
        var profile = table.Profile();
        Assert.Equal(FindingSeverity.Warning, QualityChecks.Check(profile).Single(f => f.Kind == FindingKind.MissingValues).Severity);
        Assert.Equal(FindingSeverity.Info, QualityChecks.Check(profile, new QualityOptions { MissingWarning = 0.2 }).Single(f => f.Kind == FindingKind.MissingValues).Severity);
    }

    private string Numbers(string name, int seed, double shift)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, 2000).Select(_ => (random.NextDouble() + shift).ToString("R", CultureInfo.InvariantCulture));
        return folder.Write(name, "x\n" + string.Join("\n", rows) + "\n");
    }

    [Fact]
    public void Numeric_drift_is_found_by_psi_and_ks_and_same_distribution_is_not()
    {
        using var reference = Table.Read(Numbers("ref.csv", 1, 0));
        using var same = Table.Read(Numbers("same.csv", 2, 0));
        using var shifted = Table.Read(Numbers("shifted.csv", 3, 0.5));

        Assert.Empty(QualityChecks.Drift(reference, same));
        var drift = Assert.Single(QualityChecks.Drift(reference, shifted));
        Assert.Equal(FindingKind.Drift, drift.Kind);
        Assert.Equal(FindingSeverity.Error, drift.Severity);
        Assert.Equal(["x"], drift.Columns);
        Assert.Contains("KS distance 0.5", drift.Message); // uniform(0, 1) against uniform(0.5, 1.5)
    }

    [Fact]
    public async Task Categorical_drift_psi_matches_the_hand_computed_value()
    {
        var reference = folder.Write("r.csv", "c\n" + string.Concat(Enumerable.Repeat("a\nb\n", 50)));
        var current = folder.Write("k.csv", "c\n" + string.Concat(Enumerable.Repeat("a\n", 80)) + string.Concat(Enumerable.Repeat("b\n", 20)));
        using var r = Table.Read(reference);
        using var k = Table.Read(current);

        var drift = Assert.Single(await QualityChecks.DriftAsync(r, k));
        var expected = 0.3 * Math.Log(0.8 / 0.5) + -0.3 * Math.Log(0.2 / 0.5);
        Assert.Equal(expected, drift.Value, 9);
        Assert.Equal(FindingSeverity.Error, drift.Severity);
    }
}
