using Lepton.Training.Evaluation;

namespace Lepton.Training.Tests.Evaluation;

public sealed class RegressionEvaluationTests
{
    [Fact]
    public void Figures_match_scikit_learn_and_residuals_are_true_minus_predicted()
    {
        // scikit-learn 1.2: r2_score 0.9480256276150627, mean_squared_error ** .5 0.5639148871948674, mean_absolute_error 0.46.
        var evaluation = RegressionEvaluation.Compute(predicted: [2.5, 0.0, 2, 8, 3.9], actual: [3, -0.5, 2, 7, 4.2]);

        Assert.Equal(0.9480256276150627, evaluation.R2, 1e-9);
        Assert.Equal(0.5639148871948674, evaluation.Rmse, 1e-9);
        Assert.Equal(0.46, evaluation.Mae, 1e-9);
        Assert.Equal([0.5, -0.5, 0, -1, 0.3], evaluation.Residuals.ToArray(), new RoundedComparer());
        Assert.Equal(5, evaluation.ResidualHistogram.Sum(b => b.Count));
        Assert.Equal(-1, evaluation.ResidualHistogram[0].Lower, 1e-9);
        Assert.Equal(0.5, evaluation.ResidualHistogram[^1].Upper, 1e-9);
        Assert.Equal(["mae", "r2", "rmse"], evaluation.Metrics.Keys.Order().ToArray());
    }

    [Fact]
    public void A_value_that_is_not_finite_is_an_error_naming_its_row()
    {
        var error = Assert.Throws<ArgumentException>(() => RegressionEvaluation.Compute([1, double.NaN], [1, 2]));

        Assert.Contains("Row 1", error.Message);
    }
}
