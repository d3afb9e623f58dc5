using Lepton.Nn.Callbacks;
using Lepton.Nn.Models;
using Lepton.Nn.Training;
using Lepton.Zoo.Reinforcement;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Zoo.Tests.Reinforcement;

public sealed class DqnTests : IDisposable
{
    // Small networks run fastest on one engine thread (the recipe does the same); restored after each test.
    private readonly int _threads = torch.get_num_threads();

    public DqnTests() => torch.set_num_threads(1);

    public void Dispose() => torch.set_num_threads(_threads);

    private static DqnOptions Small => new()
    {
        TotalSteps = 2_000,
        StepsPerEpoch = 400,
        LearningStarts = 200,
        TrainFrequency = 64,
        GradientSteps = 16,
        BatchSize = 32,
        BufferSize = 1_000,
        HiddenLayers = [32, 32],
    };

    [Fact]
    public void The_quick_recipe_returns_finite_figures_through_fit_with_its_callbacks()
    {
        LeptonRuntime.Seed(1);
        using var folder = new TempFolder();
        var epochs = new EpochRecorder();
        var result = new DqnCartPoleRecipe().Run(new RecipeContext(folder.Path) { Quick = true, Callbacks = [epochs] });

        Assert.True(double.IsFinite(result.Value));
        Assert.InRange(result.Value, 8, 500);
        Assert.All(result.Figures.Values, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(4_000, result.Figures["environment_steps"]);
        Assert.Equal(4, epochs.Logs.Count);
        Assert.All(epochs.Logs, logs => Assert.Contains("epsilon", logs.Keys));
        Assert.Contains("loss", epochs.Logs[^1].Keys);
        Assert.Contains("episode_reward", epochs.Logs[^1].Keys);
        Assert.Equal(0.04, epochs.Logs[^1]["epsilon"], 6);
        Assert.IsType<Sequential>(result.Model);
    }

    [Fact]
    public void The_same_seed_gives_the_same_figure()
    {
        using var folder = new TempFolder();
        LeptonRuntime.Seed(3);
        var first = new DqnCartPoleRecipe().Run(new RecipeContext(folder.Path) { Quick = true });
        LeptonRuntime.Seed(3);
        var second = new DqnCartPoleRecipe().Run(new RecipeContext(folder.Path) { Quick = true });
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(first.Figures, second.Figures);
    }

    [Fact]
    public void Native_memory_stays_flat_across_epochs()
    {
        LeptonRuntime.Seed(4);
        var agent = new Dqn(new CartPole(), Small, seed: 4);
        var live = new List<long>();
        agent.Learn([new LiveTensorProbe(live)], Verbosity.Silent);
        Assert.Equal(5, live.Count);
        // Epoch 1 creates Adam's state; after that nothing may accumulate.
        Assert.Equal(live[1], live[^1]);
        Assert.Equal(2_000, agent.EnvironmentSteps);
        Assert.Equal(16 * 2_000 / 64 - 16 * 200 / 64, agent.GradientSteps, 16.0);
    }

    [Fact]
    public void The_saved_q_network_reloads_and_predicts_the_same_values_and_actions()
    {
        LeptonRuntime.Seed(5);
        var agent = new Dqn(new CartPole(), Small, seed: 5);
        agent.Learn(verbose: Verbosity.Silent);
        using var folder = new TempFolder();
        var path = folder.PathOf("q.lepton");
        agent.QNetwork.Save(path);
        var loaded = Model.Load(path);

        using var observations = rand(20, 4) * 0.2 - 0.1;
        using var expected = agent.QNetwork.Predict(observations);
        using var actual = loaded.Predict(observations);
        Assert.Equal([20L, 2L], actual.shape);
        Assert.True(expected.allclose(actual, rtol: 1e-5, atol: 1e-6));
        var observation = new[] { 0.01f, 0.02f, -0.03f, 0.04f };
        using var one = tensor(observation, [1, 4]);
        Assert.Equal(agent.Act(observation), (int)loaded.Predict(one).argmax(1).item<long>());
    }

    [Fact]
    public void Dqn_refuses_an_environment_of_the_wrong_kind_and_bad_settings()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dqn(new DiscreteObservations()));
        Assert.Contains("Box", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dqn(new CartPole(), new DqnOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentException>(() => new Dqn(new CartPole(), new DqnOptions { HiddenLayers = [] }));
        var agent = new Dqn(new CartPole(), Small, seed: 1);
        Assert.Throws<ArgumentException>(() => agent.Act([0f, 0f]));
    }

    [Fact]
    public void A_users_own_environment_trains_with_dqn_as_the_docs_show()
    {
        LeptonRuntime.Seed(6);
        var agent = new Dqn(new PointEnv(), new DqnOptions { TotalSteps = 1_000, StepsPerEpoch = 500, LearningStarts = 200, TrainFrequency = 100, GradientSteps = 20, HiddenLayers = [16] });
        var history = agent.Learn(verbose: Verbosity.Silent);
        var returns = agent.Evaluate(new PointEnv(), episodes: 5, firstSeed: 1_000_000);

        Assert.Equal(2, history["epsilon"].Count);
        Assert.All(returns, r => Assert.InRange(r, 1, 200));
        Assert.True(agent.EpisodesCompleted > 0);
    }

    /// <summary>docs/zoo-rl.md's example: keep a point near zero by pushing it left or right.</summary>
    private sealed class PointEnv() : Env<float[], int>(new Box(-10f, 10f, 1), new Discrete(2), maxEpisodeSteps: 200)
    {
        private float _x;

        protected override float[] ResetEpisode()
        {
            _x = (float)(Random.NextDouble() * 2 - 1);
            return [_x];
        }

        protected override (float[] Observation, double Reward, bool Terminated) Transition(int action)
        {
            _x += action == 1 ? 0.1f : -0.1f;
            return ([_x], 1.0, Math.Abs(_x) > 2);
        }
    }

    private sealed class DiscreteObservations() : Env<float[], int>(new OneValue(), new Discrete(2), 10)
    {
        protected override float[] ResetEpisode() => [0f];

        protected override (float[] Observation, double Reward, bool Terminated) Transition(int action) => ([0f], 0, false);
    }

    private sealed class OneValue : Space<float[]>
    {
        public override bool Contains(float[] value) => value is { Length: 1 };

        public override float[] Sample(Random random) => [0f];

        public override string Format(float[] value) => "[0]";
    }

    private sealed class EpochRecorder : Callback
    {
        public List<IReadOnlyDictionary<string, double>> Logs { get; } = [];

        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => Logs.Add(logs);
    }

    private sealed class LiveTensorProbe(List<long> live) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) =>
            live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
