using Lepton.Nn.Models;
using Lepton.Zoo.Reinforcement;
using static TorchSharp.torch;

namespace Lepton.Zoo.Tests.Reinforcement;

public sealed class QLearningTests
{
    [Fact]
    public void The_quick_recipe_returns_finite_figures_and_beats_a_random_policy()
    {
        LeptonRuntime.Seed(1);
        using var folder = new TempFolder();
        var result = new QLearningRecipe().Run(new RecipeContext(folder.Path) { Quick = true });

        Assert.True(double.IsFinite(result.Value));
        Assert.All(result.Figures.Values, v => Assert.True(double.IsFinite(v)));
        Assert.True(result.Value > result.Figures["random_success_rate"] + 0.3, $"success {result.Value:0.000} against random {result.Figures["random_success_rate"]:0.000}");
        Assert.InRange(result.Figures["optimal_success_probability"], 0.735, 0.745);
        Assert.NotNull(result.Model);
    }

    [Fact]
    public void The_same_seed_gives_the_same_figures()
    {
        using var folder = new TempFolder();
        LeptonRuntime.Seed(5);
        var first = new QLearningRecipe().Run(new RecipeContext(folder.Path) { Quick = true });
        LeptonRuntime.Seed(5);
        var second = new QLearningRecipe().Run(new RecipeContext(folder.Path) { Quick = true });
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(first.Figures, second.Figures);
    }

    [Fact]
    public void Value_iteration_finds_the_known_optimum_and_Q_learning_reaches_it()
    {
        var lake = new FrozenLake();
        var optimal = ValueIteration.Solve(lake, 0.99);
        // The optimal policy reaches the goal with probability 0.7402 within 100 steps, 0.8235 with no limit.
        Assert.Equal(0.7402, ValueIteration.SuccessProbability(lake, optimal.GreedyAction, 100), 4);
        Assert.Equal(0.8235, ValueIteration.SuccessProbability(lake, optimal.GreedyAction, 100_000), 4);

        var table = new QLearning { Episodes = 10_000 }.Train(new FrozenLake(), seed: 3);
        Assert.Equal(0.7402, ValueIteration.SuccessProbability(lake, table.GreedyAction, 100), 4);
    }

    [Fact]
    public void The_saved_table_reloads_as_a_model_that_predicts_its_values()
    {
        var table = new QLearning { Episodes = 1_000 }.Train(new FrozenLake(), seed: 2);
        using var folder = new TempFolder();
        var path = folder.PathOf("q.lepton");
        table.ToModel().Save(path);
        var loaded = Model.Load(path);

        using var states = arange(16, ScalarType.Float32).reshape(16, 1);
        using var predicted = loaded.Predict(states);
        Assert.Equal([16L, 4L], predicted.shape);
        var values = predicted.data<float>().ToArray();
        for (var s = 0; s < 16; s++)
        {
            for (var a = 0; a < 4; a++) Assert.Equal((float)table[s, a], values[s * 4 + a]);
        }
        Assert.Contains(Enumerable.Range(0, 64), i => values[i] != 0);
    }

    [Fact]
    public void Q_learning_refuses_an_environment_without_discrete_spaces_and_bad_settings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QLearning { Episodes = 0 }.Train(new FrozenLake()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QLearning { Gamma = 1.5 }.Train(new FrozenLake()));
        var error = Assert.Throws<ArgumentException>(() => new QLearning().Train(new BoxObservations()));
        Assert.Contains("Discrete observation space", error.Message, StringComparison.Ordinal);
    }

    private sealed class BoxObservations() : Env<int, int>(new IntBox(), new Discrete(2), 10)
    {
        protected override int ResetEpisode() => 0;

        protected override (int Observation, double Reward, bool Terminated) Transition(int action) => (0, 0, false);
    }

    private sealed class IntBox : Space<int>
    {
        public override bool Contains(int value) => true;

        public override int Sample(Random random) => 0;

        public override string Format(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
