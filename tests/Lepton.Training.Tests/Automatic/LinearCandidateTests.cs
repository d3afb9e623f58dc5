using System.Globalization;
using System.Text;
using Lepton.Data.Pipelines;
using Lepton.Data.Splits;
using Lepton.Data.Tables;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using static TorchSharp.torch;

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
    public void A_bagged_linear_candidate_is_refit_once_on_every_training_row_at_the_chosen_strength()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Houses(folder));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(20), Candidates = ["linear"] });
        using var result = trainer.Train(table, trainer.Plan(table, "price"));

        var note = result.Trials[0].Note!;
        Assert.StartsWith($"refit on all {result.TrainRows + result.ValidationRows} training rows; chosen by its 5 fold models: C ", note, StringComparison.Ordinal);
        // One linear layer, not the average of five fold models.
        Assert.Single(result.Model.Layers.OfType<Lepton.Nn.Layers.Dense>());
        Assert.True(result.TestMetrics["r2"] > 0.9, $"test R² {result.TestMetrics["r2"]}: {note}");
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

    [Fact]
    public void The_linear_candidate_reaches_scikit_learns_logistic_regression_optimum()
    {
        // scikit-learn 1.2: LogisticRegression(C=1, tol=1e-10).fit(X, c) on the same 30 rows (multinomial, intercept not penalized).
        using var folder = new TempFolder();
        using var data = KnownRows(folder, "c", classification: true);
        using var fitted = LinearCandidate.Train(data, data, TrainingTask.Classification, seed: 0, c: 1, TimeSpan.FromSeconds(30), CancellationToken.None).Model;
        var (weights, bias) = WeightsOf(fitted);
        AssertClose([-0.626243, 0.340867, -0.019327, -0.005165, 0.64557, -0.335702], weights);
        AssertClose([0.553153, 0.241743, -0.794897], bias);
    }

    [Theory]
    [InlineData(1.0, 1.954752, -2.984017, 0.072349)]
    [InlineData(0.1, 1.741972, -2.473752, 0.495911)]
    public void The_linear_candidate_reaches_scikit_learns_ridge_solution_in_the_targets_units(double c, double w1, double w2, double intercept)
    {
        // scikit-learn 1.2: Ridge(alpha=1/C).fit(X, y) on the same 30 rows.
        using var folder = new TempFolder();
        using var data = KnownRows(folder, "y", classification: false);
        using var fitted = LinearCandidate.Train(data, data, TrainingTask.Regression, seed: 0, c, TimeSpan.FromSeconds(30), CancellationToken.None).Model;
        var (weights, bias) = WeightsOf(fitted);
        AssertClose([w1, w2], weights);
        AssertClose([intercept], bias);
    }

    /// <summary>
    /// 30 rows of two unscaled features x1, x2, a class c of three and a value y, made by formula; the expected figures are
    /// scikit-learn's coef_ and intercept_ on X = [x1, x2] of the same rows, printed to 6 decimals.
    /// </summary>
    private static TableDataset KnownRows(TempFolder folder, string target, bool classification)
    {
        var csv = new StringBuilder("x1,x2,c,y\n");
        for (var i = 0; i < 30; i++)
        {
            var c = i % 3;
            var x1 = Math.Round(Math.Sin(i * 1.7) * 1.5 + c * 0.8, 4);
            var x2 = Math.Round(Math.Cos(i * 2.3) * 1.5 - c * 0.5, 4);
            var y = Math.Round(2 * x1 - 3 * x2 + Math.Sin(i * 0.9), 4);
            csv.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},k{c},{y:R}\n");
        }
        using var table = Table.Read(folder.Write("known.csv", csv.ToString()));
        var fitted = Pipeline.Create().Fit(table);
        var preprocessing = new TablePreprocessing(fitted, ["x1", "x2"]);
        return TableDataset.FromTransformed(table, preprocessing, target, classification ? ["k0", "k1", "k2"] : null);
    }

    private static (double[] Weights, double[] Bias) WeightsOf(Lepton.Nn.Models.Model model)
    {
        var parameters = model.Layers[^1].named_parameters().ToDictionary(p => p.name, p => p.parameter);
        return (parameters["weight"].to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray(), parameters["bias"].to_type(ScalarType.Float64).data<double>().ToArray());
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 2e-4, $"[{i}] expected {expected[i]}, got {actual[i]} (all: {string.Join(", ", actual)})");
    }
}
