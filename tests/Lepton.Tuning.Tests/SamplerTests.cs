using System.Text.Json.Nodes;
using Lepton.Tuning.Pruners;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Tests;

public sealed class SamplerTests
{
    private static SearchSpace Square() => new SearchSpace().Add("x", new FloatDistribution(-5, 10)).Add("y", new FloatDistribution(0, 15));

    /// <summary>Branin's function, minimum 0.397887 at three points.</summary>
    private static double Branin(Trial t)
    {
        var (x, y) = (t.GetDouble("x"), t.GetDouble("y"));
        var b = 5.1 / (4 * Math.PI * Math.PI);
        return Math.Pow(y - b * x * x + 5 / Math.PI * x - 6, 2) + 10 * (1 - 1 / (8 * Math.PI)) * Math.Cos(x) + 10;
    }

    private static TuningResult Run(ISampler sampler, SearchSpace space, Func<Trial, double> objective, int trials, int parallel = 1) =>
        new Tuner(new TunerOptions { Sampler = sampler, Pruner = new NoPruner(), Trials = trials, MaxParallel = parallel })
            .OptimizeAsync(space, objective).GetAwaiter().GetResult();

    private static string[] Draws(TuningResult result) =>
        result.Trials.Select(t => string.Join(";", t.Parameters.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value:R}"))).ToArray();

    [Theory]
    [InlineData("random")]
    [InlineData("tpe")]
    public void The_same_seed_gives_the_same_trials_and_another_seed_others(string kind)
    {
        ISampler Make(int seed) => kind == "tpe" ? new TpeSampler(seed) : new RandomSampler(seed);
        var first = Draws(Run(Make(7), Square(), Branin, 25));
        var again = Draws(Run(Make(7), Square(), Branin, 25));
        var other = Draws(Run(Make(8), Square(), Branin, 25));
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Tpe_finds_better_points_than_random_search_on_branin()
    {
        // The median over seeds of the best value after 50 trials: TPE's should be clearly lower.
        var tpe = Enumerable.Range(0, 9).Select(s => Run(new TpeSampler(s), Square(), Branin, 50).BestValue!.Value).Order().ToArray()[4];
        var random = Enumerable.Range(0, 9).Select(s => Run(new RandomSampler(s), Square(), Branin, 50).BestValue!.Value).Order().ToArray()[4];
        Assert.True(tpe < random, $"TPE median best {tpe:F4}, random {random:F4}");
        Assert.True(tpe < 1.0, $"TPE median best {tpe:F4} (the minimum is 0.398)");
    }

    [Fact]
    public void Univariate_tpe_also_beats_random_search()
    {
        var tpe = Enumerable.Range(0, 9).Select(s => Run(new TpeSampler(s, multivariate: false), Square(), Branin, 50).BestValue!.Value).Order().ToArray()[4];
        var random = Enumerable.Range(0, 9).Select(s => Run(new RandomSampler(s), Square(), Branin, 50).BestValue!.Value).Order().ToArray()[4];
        Assert.True(tpe < random, $"univariate TPE median best {tpe:F4}, random {random:F4}");
    }

    [Fact]
    public void Tpe_prefers_the_best_choice_and_keeps_integers_on_their_grid()
    {
        var space = new SearchSpace()
            .Add("optimizer", new CategoricalDistribution([JsonValue.Create("sgd"), JsonValue.Create("adam"), JsonValue.Create("rmsprop")]))
            .Add("units", new IntDistribution(8, 256, step: 8));
        double Objective(Trial t) => (t.GetString("optimizer") == "adam" ? 0 : 1) + Math.Abs(t.GetInt64("units") - 96) / 256.0;
        var result = Run(new TpeSampler(3), space, Objective, 60);
        var late = result.Trials.Skip(30).ToList();
        Assert.True(late.Count(t => t.Parameters["optimizer"] == 1) >= 20, $"adam in {late.Count(t => t.Parameters["optimizer"] == 1)} of the last 30 trials");
        Assert.All(result.Trials, t => Assert.Equal(0, (t.Parameters["units"] - 8) % 8));
        Assert.Equal("adam", result.BestParameters["optimizer"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Conditional_parameters_appear_only_when_their_condition_holds(bool multivariate)
    {
        var space = SearchSpaceTests.Conditional();
        double Objective(Trial t) => t.GetString("model_type") == "gbm"
            ? Math.Abs(Math.Log(t.GetInt64("gbm.num_leaves")) - 3) + t.GetDouble("gbm.lambda_l2") / 10
            : 1 + Math.Abs(t.GetInt64("combiner.num_fc_layers") - 2);
        var result = Run(new TpeSampler(5, multivariate: multivariate), space, Objective, 40);
        Assert.All(result.Trials, t =>
        {
            var gbm = t.Parameters["model_type"] == 1;
            Assert.Equal(gbm, t.Parameters.ContainsKey("gbm.num_leaves"));
            Assert.Equal(gbm, t.Parameters.ContainsKey("gbm.lambda_l2"));
            Assert.Equal(!gbm, t.Parameters.ContainsKey("combiner.num_fc_layers"));
            Assert.True(t.Parameters.ContainsKey("trainer.learning_rate"));
        });
        Assert.Equal(TrialState.Complete, Assert.Single(result.Trials, t => t.Number == 39).State);
    }

    [Fact]
    public async Task A_grid_walks_every_combination_once_and_draws_the_rest()
    {
        var space = new SearchSpace()
            .Add("depth", new CategoricalDistribution([JsonValue.Create(1), JsonValue.Create(2), JsonValue.Create(3)]), grid: true)
            .Add("optimizer", new CategoricalDistribution([JsonValue.Create("sgd"), JsonValue.Create("adam")]), grid: true)
            .Add("learning_rate", new FloatDistribution(1e-4, 1e-1, log: true));
        var sampler = new GridSampler(seed: 1);
        Assert.Equal(6, sampler.TrialLimit(space));
        var result = await new Tuner(new TunerOptions { Sampler = sampler, Pruner = new NoPruner() }).OptimizeAsync(space, t => t.GetDouble("learning_rate"));
        Assert.Equal(6, result.Trials.Count);
        var combinations = result.Trials.Select(t => (t.Parameters["depth"], t.Parameters["optimizer"])).ToHashSet();
        Assert.Equal(6, combinations.Count);
        Assert.Equal(6, result.Trials.Select(t => t.Parameters["learning_rate"]).Distinct().Count());
    }

    [Fact]
    public void A_grid_skips_values_a_grid_condition_rules_out()
    {
        var space = new SearchSpace()
            .Add("model_type", new CategoricalDistribution([JsonValue.Create("nn"), JsonValue.Create("gbm")]), grid: true)
            .Add("gbm.num_leaves", new CategoricalDistribution([JsonValue.Create(15), JsonValue.Create(31), JsonValue.Create(63)]),
                new ParameterCondition("model_type", [JsonValue.Create("gbm")]), grid: true);
        // nn once, gbm with each of three leaf counts.
        Assert.Equal(4, new GridSampler().TrialLimit(space));
    }

    [Fact]
    public void Parallel_tpe_workers_with_a_constant_liar_do_not_repeat_each_other()
    {
        var result = Run(new TpeSampler(11), Square(), t =>
        {
            Thread.Sleep(5);
            return Branin(t);
        }, 40, parallel: 4);
        Assert.Equal(40, result.Trials.Count);
        Assert.Equal(40, result.Trials.Select(t => (t.Parameters["x"], t.Parameters["y"])).Distinct().Count());
        Assert.True(result.BestValue < 5, $"best {result.BestValue}");
    }

    [Fact]
    public void Tpe_weights_and_gamma_follow_optunas_defaults()
    {
        Assert.Equal(1, TpeRules.Gamma(1));
        Assert.Equal(1, TpeRules.Gamma(10));
        Assert.Equal(2, TpeRules.Gamma(11));
        Assert.Equal(25, TpeRules.Gamma(1000));
        Assert.Equal(Enumerable.Repeat(1.0, 24), TpeRules.Weights(24));
        var w = TpeRules.Weights(50);
        Assert.Equal(1.0 / 50, w[0], 12);
        Assert.Equal(1.0, w[24], 12);
        Assert.All(w.Skip(25), x => Assert.Equal(1.0, x));
        Assert.True(w.Take(25).Zip(w.Skip(1).Take(24)).All(p => p.First < p.Second));
    }

    [Fact]
    public void Running_trials_count_as_bad_but_not_towards_the_good_share()
    {
        // Ten finished trials give one good one (⌈10 %⌉); three running ones (the constant liar) join the bad side only.
        var trials = Enumerable.Range(0, 10).Select(i => Studies.Trial(i, TrialState.Complete, 9 - i))
            .Concat(Enumerable.Range(10, 4).Select(i => Studies.Trial(i, TrialState.Running))).ToList();
        var scored = new TpeSampler().Scored(new StudySnapshot(Studies.Info(), trials), trials[^1]);
        var (good, bad) = TpeSampler.Split(scored);
        Assert.Equal(9, scored[Assert.Single(good)].Trial.Number);
        Assert.Equal(12, bad.Length);
        Assert.Equal(bad.Order(), bad);
    }
}
