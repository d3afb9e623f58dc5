using System.Globalization;
using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Tables;

public sealed class ProfileTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private Table Small() => Table.Read(folder.Write("small.csv",
        "x,y,g,t\n1,2.0,a,0\n2,4.0,a,0\n3,6.0,b,1\n4,8.0,b,1\n100,10.0,b,1\n,12.0,,1\n"));

    [Fact]
    public void Numeric_column_statistics_match_hand_computed_values()
    {
        using var table = Small();
        var x = table.Profile().Column("x");

        Assert.Equal(5, x.Count);
        Assert.Equal(1, x.Missing);
        Assert.Equal(1.0 / 6, x.MissingShare, 12);
        Assert.Equal(5, x.Distinct);
        Assert.Equal(1, x.Min);
        Assert.Equal(100, x.Max);
        Assert.Equal(22, x.Mean);
        Assert.Equal(Math.Sqrt(7610.0 / 4), x.StandardDeviation!.Value, 9);
        // Linear interpolation between order statistics (numpy's and pandas's default).
        Assert.Equal(1.2, x.Quantiles[0.05], 9);
        Assert.Equal(2, x.Quantiles[0.25], 9);
        Assert.Equal(3, x.Median!.Value, 9);
        Assert.Equal(4, x.Quantiles[0.75], 9);
        Assert.Equal(80.8, x.Quantiles[0.95], 9);
        Assert.Equal(1, x.OutliersIqr);   // fences [-1, 7]: only 100 is outside
        Assert.Equal(0, x.OutliersZScore); // 100 is 1.8 standard deviations from the mean
    }

    [Fact]
    public void Histogram_has_equal_width_bins_from_min_to_max()
    {
        using var table = Small();
        var x = table.Profile(new ProfileOptions { HistogramBins = 4 }).Column("x");

        Assert.Equal([4L, 0L, 0L, 1L], x.Histogram.Select(b => b.Count));
        Assert.Equal(1, x.Histogram[0].Lower);
        Assert.Equal(25.75, x.Histogram[0].Upper, 9);
        Assert.Equal(100, x.Histogram[^1].Upper);
        Assert.Equal(x.Count, x.Histogram.Sum(b => b.Count));
    }

    [Fact]
    public void Top_values_are_most_frequent_first_without_missing()
    {
        using var table = Small();
        var g = table.Profile().Column("g");
        Assert.Equal(ColumnKind.Categorical, g.Kind);
        Assert.Equal([new ValueCount("b", 3), new ValueCount("a", 2)], g.TopValues);
        Assert.Equal(1, g.Missing);
        Assert.Equal(2, g.Distinct);
    }

    [Fact]
    public void Pearson_and_spearman_correlations_match_hand_computed_values()
    {
        using var table = Small();
        var profile = table.Profile();
        double[] x = [1, 2, 3, 4, 100], y = [2, 4, 6, 8, 10]; // pairwise complete rows
        Assert.Equal(PearsonOf(x, y), profile.CorrelationOf("x", "y", CorrelationMethod.Pearson)!.Value, 9);
        Assert.Equal(1, profile.CorrelationOf("x", "y", CorrelationMethod.Spearman)!.Value, 9);
    }

    [Fact]
    public void Spearman_gives_tied_values_their_average_rank()
    {
        using var table = Table.Read(folder.Write("ties.csv", "a,b\n1,1\n2,2\n2,3\n3,4\n"));
        var spearman = table.Profile().CorrelationOf("a", "b", CorrelationMethod.Spearman)!.Value;
        Assert.Equal(4.5 / Math.Sqrt(4.5 * 5), spearman, 9); // ranks a = 1, 2.5, 2.5, 4
    }

    [Fact]
    public void Cramers_v_matches_a_hand_computed_contingency_table()
    {
        var lines = new List<string> { "p,q" };
        foreach (var (p, q, n) in new[] { ("a", "x", 10), ("a", "y", 20), ("b", "x", 30), ("b", "y", 40) })
            lines.AddRange(Enumerable.Repeat($"{p},{q}", n));
        using var table = Table.Read(folder.Write("ct.csv", string.Join("\n", lines) + "\n"));
        // Expected counts 12, 18, 28, 42; chi² = 4/12 + 4/18 + 4/28 + 4/42; V = sqrt(chi² / (n (k - 1))).
        var chi2 = 4.0 / 12 + 4.0 / 18 + 4.0 / 28 + 4.0 / 42;
        Assert.Equal(Math.Sqrt(chi2 / 100), table.Profile().CorrelationOf("p", "q", CorrelationMethod.CramersV)!.Value, 9);
    }

    [Fact]
    public void Target_relations_use_the_measure_that_fits_each_pair()
    {
        using var table = Small();
        var profile = table.Profile(new ProfileOptions { Target = "t" });

        Assert.True(profile.TargetIsCategorical);
        var g = profile.TargetRelations.Single(r => r.First == "g");
        Assert.Equal(CorrelationMethod.CramersV, g.Method);
        Assert.Equal(1, g.Value, 9);
        var y = profile.TargetRelations.Single(r => r.First == "y");
        Assert.Equal(CorrelationMethod.CorrelationRatio, y.Method);
        Assert.Equal(Math.Sqrt(48.0 / 70), y.Value, 9); // groups 0: {2, 4}, 1: {6, 8, 10, 12}
        Assert.Equal("g", profile.TargetRelations[0].First); // strongest first
    }

    [Fact]
    public void A_numeric_target_with_many_values_is_related_by_pearson()
    {
        var rows = Enumerable.Range(1, 40).Select(i => $"{i},{i * 2 + (i % 3)},{(i % 2 == 0 ? "even" : "odd")}");
        using var table = Table.Read(folder.Write("reg.csv", "f,target,parity\n" + string.Join("\n", rows) + "\n"));
        var profile = table.Profile(new ProfileOptions { Target = "target" });

        Assert.False(profile.TargetIsCategorical);
        var f = profile.TargetRelations.Single(r => r.First == "f");
        Assert.Equal(CorrelationMethod.Pearson, f.Method);
        Assert.Equal(PearsonOf(Enumerable.Range(1, 40).Select(i => (double)i).ToArray(), Enumerable.Range(1, 40).Select(i => (double)(i * 2 + i % 3)).ToArray()), f.Value, 9);
        Assert.Equal(CorrelationMethod.CorrelationRatio, profile.TargetRelations.Single(r => r.First == "parity").Method);
    }

    [Fact]
    public void An_unknown_target_is_an_error_naming_the_columns()
    {
        using var table = Small();
        var error = Assert.Throws<KeyNotFoundException>(() => table.Profile(new ProfileOptions { Target = "label" }));
        Assert.Contains("x, y, g, t", error.Message);
    }

    [Fact]
    public void Counts_duplicate_rows()
    {
        using var table = Table.Read(folder.Write("dup.csv", "a,b\n1,x\n1,x\n2,y\n1,x\n2,\n2,\n"));
        Assert.Equal(3, table.Profile().DuplicateRows);
    }

    [Fact]
    public void Z_score_outliers_are_counted()
    {
        var values = Enumerable.Range(1, 30).Select(i => (double)i).Append(1000).ToArray();
        using var table = Table.Read(folder.Write("z.csv", "v\n" + string.Join("\n", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "\n"));
        var v = table.Profile().Column("v");
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Length - 1));
        Assert.Equal(values.Count(x => Math.Abs(x - mean) > 3 * std), v.OutliersZScore);
        Assert.Equal(1, v.OutliersZScore);
    }

    [Fact]
    public void Booleans_and_dates_get_their_own_statistics()
    {
        using var table = Table.Read(folder.Write("bd.csv", "ok,when\ntrue,2024-01-05\nfalse,2023-12-31\ntrue,\ntrue,2024-03-01\n"));
        var profile = table.Profile();
        Assert.Equal(0.75, profile.Column("ok").Mean);
        Assert.Equal(new DateTime(2023, 12, 31), profile.Column("when").Earliest);
        Assert.Equal(new DateTime(2024, 3, 1), profile.Column("when").Latest);
        Assert.Equal(1, profile.Column("when").Missing);
    }

    [Fact]
    public void Counts_number_like_values_in_text_columns()
    {
        using var table = Table.Read(folder.Write("m.csv", "v\n1\n2\nthree\n4\nfive\n"));
        var v = table.Profile().Column("v");
        Assert.Equal("VARCHAR", table.Column("v").StorageType);
        Assert.Equal(3, v.NumberLikeValues);
    }

    [FactIfSklearnData]
    public void Profiles_iris_like_pandas_describe()
    {
        using var table = Table.Read(SklearnData.Iris, new TableReadOptions
        {
            HasHeader = false,
            SkipLines = 1,
            ColumnNames = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"],
        });
        var profile = table.Profile(new ProfileOptions { Target = "species" });
        var sepal = profile.Column("sepal_length");
        // pandas 1.5: describe() of the first column -> mean 5.843333, std 0.828066, 25% 5.1, 50% 5.8, 75% 6.4, min 4.3, max 7.9
        Assert.Equal(5.843333, sepal.Mean!.Value, 6);
        Assert.Equal(0.828066, sepal.StandardDeviation!.Value, 6);
        Assert.Equal(5.1, sepal.Quantiles[0.25], 9);
        Assert.Equal(5.8, sepal.Median!.Value, 9);
        Assert.Equal(6.4, sepal.Quantiles[0.75], 9);
        Assert.Equal(1, profile.DuplicateRows); // row 143 repeats row 102
        Assert.True(profile.TargetIsCategorical);
        Assert.Equal("petal_length", profile.TargetRelations[0].First); // η² 0.94, the largest ANOVA F of the four
        Assert.Equal(0.962865431402796, profile.CorrelationOf("petal_length", "petal_width", CorrelationMethod.Pearson)!.Value, 12); // pandas: d[2].corr(d[3])
    }

    [Fact]
    public void Columns_with_many_values_get_the_same_statistics_from_sql_as_few_valued_ones_get_from_their_counts()
    {
        // 6,000 distinct values: quantiles, histogram and outliers come from SQL passes, not from value counts.
        var values = Enumerable.Range(0, 5990).Select(i => (double)i).Concat(Enumerable.Range(0, 10).Select(i => 1e6 + i)).ToArray();
        using var table = Table.Read(folder.Write("many.csv", "v\n" + string.Join("\n", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "\n"));
        var v = table.Profile(new ProfileOptions { HistogramBins = 20 }).Column("v");

        Assert.Equal(6000, v.Distinct);
        Assert.Equal(2999.5, v.Median!.Value, 9);      // position 5999 · 0.5
        Assert.Equal(1499.75, v.Quantiles[0.25], 9);   // position 1499.75
        Assert.Equal(4499.25, v.Quantiles[0.75], 9);
        Assert.Equal(5990, v.Histogram[0].Count);
        Assert.Equal(10, v.Histogram[^1].Count);
        Assert.Equal(10, v.OutliersIqr);                // above 4499.25 + 1.5 · 2999.5
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Length - 1));
        Assert.Equal(values.Count(x => Math.Abs(x - mean) > 3 * std), v.OutliersZScore);
    }

    [Fact]
    public void Large_tables_estimate_quantiles_and_distinct_counts_but_count_top_values_exactly()
    {
        // Past 100,000 rows quantiles come from a reservoir sample; past 20,000 distinct values distinct counts are
        // estimates and top values are approximate candidates counted exactly.
        const int rows = 120_000;
        var text = new System.Text.StringBuilder("x,y,label\n");
        for (var i = 0; i < rows; i++)
        {
            var x = i * 0.5;
            text.Append(x.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append((2 * x + (i % 7)).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(i % 10 == 0 ? "common" : $"v {i}").Append('\n');
        }
        using var table = Table.Read(folder.Write("large.csv", text.ToString()));
        var profile = table.Profile();

        var x0 = profile.Column("x");
        Assert.Equal(rows, x0.Count);
        Assert.InRange(x0.Median!.Value, 29_999.75 - 600, 29_999.75 + 600); // within 1% of the range
        Assert.InRange(x0.Quantiles[0.25], 14_999.875 - 600, 14_999.875 + 600);
        var label = profile.Column("label");
        Assert.True(label.DistinctIsEstimate);
        Assert.InRange(label.Distinct, 108_001 * 0.85, 108_001 * 1.15); // HyperLogLog: 10% off here
        Assert.Equal(new ValueCount("common", 12_000), label.TopValues[0]);
        Assert.InRange(profile.CorrelationOf("x", "y", CorrelationMethod.Pearson)!.Value, 0.9999, 1.0);
        Assert.InRange(profile.CorrelationOf("x", "y", CorrelationMethod.Spearman)!.Value, 0.9999, 1.0);
    }

    private static double PearsonOf(double[] a, double[] b)
    {
        var ma = a.Average();
        var mb = b.Average();
        var cov = a.Zip(b).Sum(p => (p.First - ma) * (p.Second - mb));
        return cov / Math.Sqrt(a.Sum(v => (v - ma) * (v - ma)) * b.Sum(v => (v - mb) * (v - mb)));
    }
}
