using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Tables;

public sealed class PairStatisticsTests
{
    [Fact]
    public void Pearson_leaves_out_rows_missing_either_value_and_is_NaN_for_a_constant_column()
    {
        double[] x = [1, 2, double.NaN, 4, 5];
        double[] y = [2, 4, 100, 8, 10.5];
        // numpy.corrcoef([1, 2, 4, 5], [2, 4, 8, 10.5])[0, 1]
        Assert.Equal(0.999009410356178, PairStatistics.Pearson(x, y), 12);
        // Large values with a small spread: the naive sum-of-squares formula loses every digit here.
        Assert.Equal(1.0, PairStatistics.Pearson([1e9 + 1, 1e9 + 2, 1e9 + 3], [1, 2, 3]), 9);
        Assert.True(double.IsNaN(PairStatistics.Pearson([3, 3, 3], [1, 2, 3])));
        Assert.True(double.IsNaN(PairStatistics.Pearson([1, double.NaN], [1, 2])));
    }

    [Fact]
    public void Ranks_are_average_positions_of_ties_and_missing_values_stay_missing()
    {
        var ranks = PairStatistics.Ranks([10, 20, 20, double.NaN, 5, 20]);
        Assert.Equal([2, 4, 4, double.NaN, 1, 4], ranks);
    }

    [Fact]
    public void CramersV_is_1_for_a_one_to_one_relation_0_for_independence_and_leaves_out_missing_codes()
    {
        int[] a = [1, 1, 2, 2, 3, 3, 0];
        int[] b = [2, 2, 1, 1, 3, 3, 1];
        Assert.Equal(1.0, PairStatistics.CramersV(a, 3, b, 3), 12);
        int[] c = [1, 1, 2, 2];
        int[] d = [1, 2, 1, 2];
        Assert.Equal(0.0, PairStatistics.CramersV(c, 2, d, 2), 12);
        Assert.True(double.IsNaN(PairStatistics.CramersV([1, 1], 1, [1, 2], 2)));
    }

    [Fact]
    public void A_wide_table_of_repeated_integers_profiles_every_pair()
    {
        // 65 integer columns of few values, like scikit-learn's digits: each is categorical and numeric, so 2,080 pairs
        // of each association. Asked of the engine in one query, this took minutes and gigabytes.
        using var folder = new TempFolder();
        var random = new Random(3);
        var lines = new List<string> { string.Join(",", Enumerable.Range(0, 65).Select(i => $"c{i}")) };
        for (var r = 0; r < 300; r++)
        {
            var values = Enumerable.Range(0, 65).Select(_ => random.Next(8)).ToArray();
            values[1] = values[0];
            lines.Add(string.Join(",", values));
        }
        using var table = Table.Read(folder.Write("wide.csv", string.Join("\n", lines)));
        var profile = table.Profile();
        Assert.Equal(65 * 64 / 2, profile.Correlations.Count(c => c.Method == CorrelationMethod.Pearson));
        Assert.Equal(65 * 64 / 2, profile.Correlations.Count(c => c.Method == CorrelationMethod.CramersV));
        // c0 and c1 hold the same value in every row.
        Assert.Equal(1.0, profile.Correlations.Single(c => c.Method == CorrelationMethod.Spearman && c.First == "c0" && c.Second == "c1").Value, 9);
        Assert.Equal(1.0, profile.Correlations.Single(c => c.Method == CorrelationMethod.CramersV && c.First == "c0" && c.Second == "c1").Value, 9);
    }
}
