using Lepton.Nn.Metrics;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Metrics;

public sealed class RegressionMetricTests
{
    // y = [1, 2, 3, 4], ŷ = [1.5, 2, 2.5, 4.5]: errors 0.5, 0, −0.5, 0.5
    private static readonly Tensor Predicted = tensor(new[] { 1.5f, 2f, 2.5f, 4.5f }).reshape(4, 1);
    private static readonly Tensor Actual = tensor(new[] { 1f, 2f, 3f, 4f });

    private static double Run(Metric metric, Tensor outputs, Tensor targets)
    {
        metric.Reset();
        metric.Update(outputs, targets);
        return metric.Result();
    }

    private static double TwoBatches(Metric metric, Tensor outputs, Tensor targets, int split)
    {
        metric.Reset();
        metric.Update(outputs[..split], targets[..split]);
        metric.Update(outputs[split..], targets[split..]);
        return metric.Result();
    }

    [Fact]
    public void Mae_is_the_mean_absolute_error() =>
        // (0.5 + 0 + 0.5 + 0.5) / 4 = 0.375
        Assert.Equal(0.375, Run(new MeanAbsoluteErrorMetric(), Predicted, Actual), 12);

    [Fact]
    public void Rmse_is_the_root_of_the_mean_square_over_the_whole_pass()
    {
        // √((0.25 + 0 + 0.25 + 0.25) / 4) = √0.1875 = 0.4330127; the mean of the batch roots would be
        // (√0.125 + √0.25) / 2 = 0.4267767.
        Assert.Equal(Math.Sqrt(0.1875), Run(new RootMeanSquaredError(), Predicted, Actual), 12);
        Assert.Equal(Math.Sqrt(0.1875), TwoBatches(new RootMeanSquaredError(), Predicted, Actual, 2), 12);
    }

    [Fact]
    public void R2_is_one_minus_residual_over_total_sum_of_squares_over_the_whole_pass()
    {
        // ȳ = 2.5, SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5, SS_res = 0.75 → 1 − 0.15 = 0.85.
        // Per batch it would be 0.5 and 0 (mean 0.25).
        Assert.Equal(0.85, Run(new R2Score(), Predicted, Actual), 12);
        Assert.Equal(0.85, TwoBatches(new R2Score(), Predicted, Actual, 2), 12);
    }

    [Fact]
    public void R2_keeps_its_precision_for_targets_far_from_zero()
    {
        var offset = tensor(1e8, ScalarType.Float64);
        var predicted = Predicted.to_type(ScalarType.Float64) + offset;
        var actual = Actual.to_type(ScalarType.Float64) + offset;
        Assert.Equal(0.85, TwoBatches(new R2Score(), predicted, actual, 1), 9);
    }

    [Fact]
    public void R2_of_constant_targets_is_one_for_a_perfect_fit_and_zero_otherwise()
    {
        Assert.Equal(1, Run(new R2Score(), tensor(new[] { 2f, 2f }), tensor(new[] { 2f, 2f })));
        Assert.Equal(0, Run(new R2Score(), tensor(new[] { 1f, 2f }), tensor(new[] { 2f, 2f })));
        Assert.True(double.IsNaN(new R2Score().Result()));
    }

    [Fact]
    public void Regression_metrics_over_two_batches_equal_the_metric_over_their_concatenation()
    {
        var generator = new Random(5);
        var targets = tensor(Enumerable.Range(0, 50).Select(_ => (float)generator.NextDouble() * 10).ToArray()).reshape(25, 2);
        var outputs = targets + tensor(Enumerable.Range(0, 50).Select(_ => (float)generator.NextDouble() - 0.5f).ToArray()).reshape(25, 2);
        foreach (var metric in new Metric[] { new R2Score(), new RootMeanSquaredError(), new MeanAbsoluteErrorMetric() })
            Assert.Equal(Run(metric.Clone(), outputs, targets), TwoBatches(metric, outputs, targets, 9), 10);
    }

    [Fact]
    public void Mismatched_shapes_name_the_metric_and_both_shapes()
    {
        var error = Assert.Throws<Lepton.Nn.ShapeMismatchException>(() => new R2Score().Update(zeros(4, 2), zeros(4)));
        Assert.Contains("r2", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4]", error.Message, StringComparison.Ordinal);
    }
}
