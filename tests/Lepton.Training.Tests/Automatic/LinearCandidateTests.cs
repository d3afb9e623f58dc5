using Lepton.Data.Splits;
using Lepton.Data.Tables;
using Lepton.Training.Automatic;

namespace Lepton.Training.Tests.Automatic;

public sealed class LinearCandidateTests
{
    [Fact]
    public void The_linear_candidate_learns_a_separable_problem()
    {
        using var folder = new TempFolder();
        var rows = new System.Text.StringBuilder("x,y,label\n");
        var random = new Random(4);
        for (var i = 0; i < 200; i++)
        {
            var (x, y) = (random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2);
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{x:0.000},{y:0.000},{(x + 2 * y > 0.2 ? "up" : "down")}\n");
        }
        using var table = Table.Read(folder.Write("line.csv", rows.ToString()));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(20), Candidates = ["linear"] });
        using var result = trainer.Train(table, trainer.Plan(table, "label"));
        Assert.Equal("linear", result.Kept);
        Assert.True(result.TestMetrics["accuracy"] >= 0.95, $"test accuracy {result.TestMetrics["accuracy"]}: {result.Trials[0].Note}");
    }

    [Fact]
    public void The_linear_candidate_fits_a_linear_regression_in_the_targets_units()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Houses(folder));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(20), Candidates = ["linear"] });
        using var result = trainer.Train(table, trainer.Plan(table, "price"));
        Assert.True(result.TestMetrics["r2"] > 0.9, $"test R² {result.TestMetrics["r2"]}: {result.Trials[0].Note}");
    }

    [Fact]
    public void Training_on_a_given_split_tests_on_exactly_its_test_rows()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(10), Candidates = ["linear"] });
        var plan = trainer.Plan(table, "churn");
        var test = Enumerable.Range(0, 240).Where(i => i % 6 == 0).Select(i => (long)i).ToArray();
        var train = Enumerable.Range(0, 240).Where(i => i % 6 != 0).Select(i => (long)i).ToArray();

        using var result = trainer.Train(table, plan, new SplitIndices(train, test));

        Assert.Equal(test.Length, result.TestRows);
        Assert.Equal(train.Length, result.TrainRows + result.ValidationRows);
    }

    [Fact]
    public void A_split_naming_a_row_outside_the_table_is_refused_with_its_position()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder, rows: 40));
        var trainer = new TableTrainer(new TableTrainingOptions { Candidates = ["linear"] });
        var plan = trainer.Plan(table, "churn");
        var error = Assert.Throws<TrainingException>(() => trainer.Train(table, plan, new SplitIndices([.. Enumerable.Range(0, 30).Select(i => (long)i)], [30, 99])));
        Assert.Contains("Row position 99 is outside the table's 40 rows", error.Message);
    }
}
