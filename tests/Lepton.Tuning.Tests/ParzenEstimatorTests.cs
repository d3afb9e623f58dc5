using System.Text.Json.Nodes;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Spaces;

namespace Lepton.Tuning.Tests;

/// <summary>
/// The estimator against figures computed with Optuna 3.1's <c>_ParzenEstimator</c> (its defaults: prior weight 1,
/// magic clip, no endpoints) on the same observations, so a change in bandwidths, prior, weights or the
/// discrete/log handling shows up here. Optuna 3.1's continuous kernels leave out the −log σ of a normal density
/// (optuna/optuna#5109, fixed in 3.5 by #5110); the figures are Optuna's with that term put back.
/// </summary>
public sealed class ParzenEstimatorTests
{
    private static readonly SearchSpace Space = new SearchSpace()
        .Add("x", new FloatDistribution(-5, 10))
        .Add("y", new FloatDistribution(1e-3, 10, log: true))
        .Add("k", new IntDistribution(8, 256, step: 8))
        .Add("c", new CategoricalDistribution([JsonValue.Create("a"), JsonValue.Create("b"), JsonValue.Create("c")]));

    private static readonly double[][] Observations =
    [
        [1.0, 0.01, 8, 0], [-2.5, 2.0, 64, 2], [7.25, 0.5, 128, 2], [3.0, 5.0, 256, 1], [9.5, 0.002, 96, 0],
    ];

    private static readonly double[][] Points = [[0.0, 0.1, 16, 0], [5.0, 1.0, 96, 1], [-4.9, 9.0, 248, 2]];

    [Fact]
    public void Univariate_densities_match_optunas_per_parameter()
    {
        double[][] expected =
        [
            [-2.686988338486099, -2.737532967792734, -3.2663126645989986],
            [-2.5907313101156157, -1.9364592835512968, -2.1096240114778477],
            [-3.406264197349949, -3.0298201806083105, -4.288711033941624],
            [-0.9932517730102834, -1.349926716949016, -0.9932517730102834],
        ];
        for (var d = 0; d < Space.Count; d++)
        {
            var estimator = new ParzenEstimator([Space[d]], Observations.Select(o => new[] { o[d] }).ToList(), multivariate: false);
            for (var i = 0; i < Points.Length; i++) Assert.Equal(expected[d][i], estimator.LogDensity([Points[i][d]]), 9);
        }
    }

    [Fact]
    public void Multivariate_densities_match_optunas_for_a_single_trial()
    {
        // With one trial there is no spread, and the bandwidth is Optuna's: 0.2 of the range.
        var estimator = new ParzenEstimator(Space.ToList(), [Observations[0]], multivariate: true);
        double[] expected = [-8.130949463600734, -9.78267255735797, -10.403515514981423];
        for (var i = 0; i < Points.Length; i++) Assert.Equal(expected[i], estimator.LogDensity(Points[i]), 9);
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, 2, 1.2087212482392569)]                    // IQR/1.34 below sd
    [InlineData(new[] { 0.1, 0.2, 0.2, 0.2, 0.9, 0.25 }, 3, 0.022943409951105425)]    // one outlier: IQR keeps it narrow
    public void Multivariate_bandwidth_is_scotts_rule_on_the_trials_spread(double[] centres, int parameters, double expected)
    {
        // 1.059 · min(sd, IQR/1.34) · n^(−1/(d+4)), figures from numpy (std with ddof 1, percentile's linear interpolation).
        var sigmas = ParzenEstimator.ScottSigmas(centres, parameters, range: 100, minimum: 1e-6);
        Assert.Equal(centres.Length + 1, sigmas.Length);
        Assert.All(sigmas, s => Assert.Equal(expected, s, 12));
    }

    [Fact]
    public void Trials_that_all_agree_get_the_narrowest_kernel()
    {
        Assert.All(ParzenEstimator.ScottSigmas([3.0, 3.0, 3.0], 2, range: 10, minimum: 0.5), s => Assert.Equal(0.5, s));
        Assert.All(ParzenEstimator.ScottSigmas([3.0], 2, range: 10, minimum: 0.5), s => Assert.Equal(0.2 * 10, s, 12));
    }

    [Fact]
    public void A_joint_estimator_narrows_where_the_good_trials_gather()
    {
        // 30 trials within 0.01 of (0.5, 0.5) in the unit square. Optuna 3.1's range-based rule keeps its kernels 0.11
        // wide (log density 2.478 at the centre); Scott's rule on the spread goes down to the clip, range/32.
        var square = new SearchSpace().Add("a", new FloatDistribution(0, 1)).Add("b", new FloatDistribution(0, 1));
        var trials = Enumerable.Range(0, 30).Select(i => new[] { 0.5 + 0.01 * Math.Sin(i), 0.5 + 0.01 * Math.Cos(1.7 * i) }).ToList();
        var estimator = new ParzenEstimator(square.ToList(), trials, multivariate: true);
        var centre = estimator.LogDensity([0.5, 0.5]);
        Assert.True(centre > 2.4784787 + 2, $"log density {centre:F3} at the centre");
    }

    [Fact]
    public void Older_trials_weigh_less_past_25_as_in_optuna()
    {
        double[] xs =
        [
            3.232202558909872, 5.7278404955862925, 4.041450641074658, 3.1732477449534535, 1.354821990083571, 4.688411695999841,
            1.5638081689403878, 8.376595011731197, 9.45494140751544, 0.7516227823866659, 6.87587557123997, 2.9334237962935674,
            3.5206684164089843, 8.883949574389916, -3.9344591270316958, -3.6930605044768896, -4.696724038395114, 7.489297683219069,
            6.672351264247757, 8.050182223702288, 9.67927513349146, 6.987378463250854, 1.9221904337939772, 6.707937644296832,
            -3.225883611966002, 4.598815319912857, -2.8497006888643037, 9.17003375574376, 2.8277248262510755, 1.219929099857854,
        ];
        var estimator = new ParzenEstimator([Space[0]], xs.Select(x => new[] { x }).ToList(), multivariate: false);
        double[] expected = [-4.421467679993569, -3.0664635063174104, -3.101863209888234];
        for (var i = 0; i < Points.Length; i++) Assert.Equal(expected[i], estimator.LogDensity([Points[i][0]]), 9);
    }
}
