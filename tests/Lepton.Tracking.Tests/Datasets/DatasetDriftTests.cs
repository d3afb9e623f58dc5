using System.Globalization;
using System.Text;
using Lepton.Data.Tables;
using Lepton.Testing;
using Lepton.Tracking.Datasets;

namespace Lepton.Tracking.Tests.Datasets;

public sealed class DatasetDriftTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A table of <paramref name="rows"/> customers: age ~ N(<paramref name="meanAge"/>, 10) rounded, income ~ lognormal, plan by the given shares.</summary>
    private (Table Table, double[] Ages) Customers(string name, int rows, double meanAge, double[] planShares, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("age,income,plan\n");
        var ages = new double[rows];
        string[] plans = ["basic", "pro", "enterprise"];
        for (var i = 0; i < rows; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            ages[i] = Math.Round(meanAge + 10 * normal);
            var income = Math.Exp(10 + 0.5 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            var u = random.NextDouble();
            var plan = u < planShares[0] ? plans[0] : u < planShares[0] + planShares[1] ? plans[1] : plans[2];
            text.Append(CultureInfo.InvariantCulture, $"{ages[i]},{income:0.00},{plan}\n");
        }
        return (Table.Read(_folder.Write(name, text.ToString())), ages);
    }

    [Fact]
    public void Drift_from_profiles_agrees_with_the_data_layers_drift_on_the_tables()
    {
        var (reference, referenceAges) = Customers("2025.csv", 5000, 40, [0.6, 0.3], seed: 1);
        var (current, currentAges) = Customers("2026.csv", 4000, 46, [0.4, 0.35], seed: 2);
        using (reference)
        using (current)
        {
            var drift = DatasetDrift.Compare(DatasetProfile.FromTable(reference), DatasetProfile.FromTable(current));
            var exact = QualityChecks.Drift(reference, current).ToDictionary(f => f.Columns[0], f => f.Value);

            var age = drift.Columns.Single(c => c.Column == "age");
            Assert.Equal(DriftLevel.Drift, age.Level);
            Assert.Equal(exact["age"], age.Psi!.Value, 0.02);
            Assert.Equal(Ks(referenceAges, currentAges), age.Ks!.Value, 0.02);
            var plan = drift.Columns.Single(c => c.Column == "plan");
            Assert.Equal(exact["plan"], plan.Psi!.Value, 1e-9); // every category kept: exact
            Assert.Null(plan.Ks);
            Assert.Equal(["basic", "pro", "enterprise"], plan.Bars.Select(b => b.Label));
            var income = drift.Columns.Single(c => c.Column == "income");
            Assert.Equal(DriftLevel.Stable, income.Level);
            Assert.False(exact.ContainsKey("income"));
            Assert.Equal(2, drift.Drifted);
            Assert.Equal("age", drift.Columns[0].Column); // the most drifted first
        }
    }

    [Fact]
    public void A_dataset_has_no_drift_from_itself()
    {
        var (table, _) = Customers("same.csv", 2000, 40, [0.5, 0.3], seed: 3);
        using (table)
        {
            var profile = DatasetProfile.FromTable(table);
            var drift = DatasetDrift.Compare(profile, profile);
            Assert.All(drift.Columns, c =>
            {
                Assert.Equal(DriftLevel.Stable, c.Level);
                Assert.Equal(0, c.Psi!.Value, 1e-12);
                if (c.Ks is { } ks) Assert.Equal(0, ks, 1e-12);
                Assert.All(c.Bars, b => Assert.Equal(b.Reference, b.Current, 1e-12));
            });
            Assert.Equal(1, drift.Columns.Single(c => c.Column == "age").Bars.Sum(b => b.Reference), 1e-9);
        }
    }

    [Fact]
    public void Columns_in_one_dataset_only_or_of_another_kind_are_not_compared_and_say_why()
    {
        var reference = new DatasetProfile { Rows = 10, Columns = [Numeric("x", 0), Numeric("gone", 0), new ProfiledColumn { Name = "note", Kind = "text", Count = 10, Missing = 0, Distinct = 10 }] };
        var current = new DatasetProfile
        {
            Rows = 10,
            Columns = [new ProfiledColumn { Name = "x", Kind = "categorical", Count = 10, Missing = 0, Distinct = 2, TopValues = [new ProfileValue("a", 10)] }, Numeric("new", 0), reference.Columns[2]],
        };

        var drift = DatasetDrift.Compare(reference, current);

        Assert.All(drift.Columns, c => Assert.Equal(DriftLevel.NotCompared, c.Level));
        Assert.Equal("Its kind changed from float to categorical.", drift.Columns.Single(c => c.Column == "x").Note);
        Assert.Equal("Not in the current dataset.", drift.Columns.Single(c => c.Column == "gone").Note);
        Assert.Equal("Only in the current dataset.", drift.Columns.Single(c => c.Column == "new").Note);
        Assert.Contains("text", drift.Columns.Single(c => c.Column == "note").Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Categories_beyond_the_kept_frequent_values_count_as_one_and_the_figure_says_it_is_estimated()
    {
        ProfiledColumn City(params (string Value, long Count)[] top) => new()
        {
            Name = "city", Kind = "categorical", Count = 1000, Missing = 0, Distinct = 500, TopValues = top.Select(t => new ProfileValue(t.Value, t.Count)).ToList(),
        };
        var reference = new DatasetProfile { Rows = 1000, Columns = [City(("paris", 300), ("lyon", 200))] };
        var current = new DatasetProfile { Rows = 1000, Columns = [City(("paris", 300), ("nice", 200))] };

        var city = DatasetDrift.Compare(reference, current).Columns.Single();

        Assert.Contains("most frequent", city.Note, StringComparison.Ordinal);
        Assert.Equal(["paris", "lyon", "nice", "(other)"], city.Bars.Select(b => b.Label));
        // lyon 0.2 → 0.0001 and nice 0.0001 → 0.2, the rest (0.5 each) unchanged.
        var expected = 2 * (0.2 - 1e-4) * Math.Log(0.2 / 1e-4);
        Assert.Equal(expected, city.Psi!.Value, 1e-9);
    }

    [Fact]
    public void The_cumulative_share_counts_a_value_many_rows_hold_whole()
    {
        // 70 % zeros then ones: percentiles 0–69 are 0, 70–100 are 1.
        var column = new ProfiledColumn
        {
            Name = "flag", Kind = "integer", Count = 100, Missing = 0, Distinct = 2,
            Percentiles = Enumerable.Range(0, DatasetProfile.PercentileCount).Select(i => i < 70 ? 0.0 : 1.0).ToList(),
        };
        Assert.Equal(0, column.CumulativeShare(-1));
        Assert.Equal(0.69, column.CumulativeShare(0), 1e-12);
        Assert.Equal(0.695, column.CumulativeShare(0.5), 1e-12);
        Assert.Equal(1, column.CumulativeShare(1));
    }

    [Fact]
    public void A_profile_with_wrong_percentiles_or_a_repeated_column_is_refused_with_the_column_named()
    {
        var short_ = new DatasetProfile { Rows = 1, Columns = [new ProfiledColumn { Name = "x", Kind = "float", Count = 1, Missing = 0, Distinct = 1, Percentiles = [1.0, 2.0] }] };
        Assert.Contains("'x' has 2 percentiles", Assert.Throws<TrackingException>(short_.Validate).Message, StringComparison.Ordinal);
        var twice = new DatasetProfile { Rows = 1, Columns = [Numeric("y", 0), Numeric("y", 1)] };
        Assert.Contains("two columns named 'y'", Assert.Throws<TrackingException>(twice.Validate).Message, StringComparison.Ordinal);
        var infinite = new DatasetProfile { Rows = 1, Columns = [new ProfiledColumn { Name = "z", Kind = "float", Count = 1, Missing = 0, Distinct = 1, Mean = double.PositiveInfinity }] };
        Assert.Contains("'z' has a mean", Assert.Throws<TrackingException>(infinite.Validate).Message, StringComparison.Ordinal);
    }

    private static ProfiledColumn Numeric(string name, double shift) => new()
    {
        Name = name, Kind = "float", Count = 10, Missing = 0, Distinct = 10,
        Percentiles = Enumerable.Range(0, DatasetProfile.PercentileCount).Select(i => shift + i).Select(v => (double)v).ToList(),
    };

    /// <summary>The two-sample Kolmogorov–Smirnov distance, exactly.</summary>
    private static double Ks(double[] a, double[] b)
    {
        var xs = a.Concat(b).Distinct().Order().ToArray();
        Array.Sort(a);
        Array.Sort(b);
        double Cdf(double[] sorted, double x)
        {
            var i = Array.BinarySearch(sorted, x);
            if (i < 0) return (double)~i / sorted.Length;
            while (i + 1 < sorted.Length && sorted[i + 1] == x) i++;
            return (double)(i + 1) / sorted.Length;
        }
        return xs.Max(x => Math.Abs(Cdf(a, x) - Cdf(b, x)));
    }
}
