using System.Globalization;
using TorchSharp;

namespace Lepton.Zoo.Reinforcement;

/// <summary>
/// <c>lepton zoo run dqn-cartpole</c>: DQN with rl-baselines3-zoo's tuned CartPole-v1 settings for 50,000 environment steps,
/// judged by the greedy policy's mean reward over 100 evaluation episodes (seeds of their own); 500 is the most there is.
/// </summary>
internal sealed class DqnCartPoleRecipe : ZooRecipe
{
    /// <summary>Evaluation episode i is reset with this seed + i: apart from training's seeds, and the same for every run.</summary>
    public const int EvaluationSeed = 1_000_000;

    public override string Name => "dqn-cartpole";

    public override string Description => "DQN on CartPole-v1 (Gymnasium's physics) for 50,000 steps with rl-baselines3-zoo's settings, scored by the greedy policy's mean reward over 100 episodes";

    public override string Metric => "mean_reward";

    public override MetricDirection Direction => MetricDirection.Maximize;

    public override string Goal => "≥ 475 (500 is the most; SB3 reaches 500)";

    /// <summary>The settings of the full run (the quick one shortens it).</summary>
    public static DqnOptions Settings(bool quick) => quick
        ? new DqnOptions { TotalSteps = 4_000, StepsPerEpoch = 1_000, LearningStarts = 500, GradientSteps = 64 }
        : new DqnOptions();

    public override RecipeResult Run(RecipeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A network this small gains nothing from several engine threads, only their synchronisation: on 2 shared cores
        // a gradient step took 10× longer with 2 threads than with 1. The caller's setting is restored afterwards.
        var threads = torch.get_num_threads();
        torch.set_num_threads(1);
        try
        {
            return Train(context);
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }

    private static RecipeResult Train(RecipeContext context)
    {
        var options = Settings(context.Quick);
        var evaluationEpisodes = context.Quick ? 10 : 100;
        var cart = new CartPole();
        var agent = new Dqn(cart, options, LeptonRuntime.CreateRandom().Next());
        context.Log.WriteLine(Text($"Training DQN on {cart.Name} for {options.TotalSteps:N0} steps: {options.GradientSteps} gradient steps of {options.BatchSize} every {options.TrainFrequency} steps, learning rate {options.LearningRate}, ε {options.InitialEpsilon} → {options.FinalEpsilon} over the first {options.ExplorationFraction * 100:0}% of steps."));
        var history = agent.Learn(context.Callbacks, context.Verbosity, context.CancellationToken);

        // Not cancelled: a stopped run still scores what it learned.
        var returns = agent.Evaluate(new CartPole(), evaluationEpisodes, EvaluationSeed);
        var randomActions = new Random(EvaluationSeed);
        var random = Episodes.Returns(new CartPole(), _ => randomActions.Next(2), evaluationEpisodes, EvaluationSeed);
        var mean = returns.Average();
        var figures = new Dictionary<string, double>
        {
            ["std_reward"] = Math.Sqrt(returns.Average(r => (r - mean) * (r - mean))),
            ["min_reward"] = returns.Min(),
            ["random_mean_reward"] = random.Average(),
            ["training_episodes"] = agent.EpisodesCompleted,
            ["environment_steps"] = agent.EnvironmentSteps,
            ["gradient_steps"] = agent.GradientSteps,
        };
        if (history.Values.TryGetValue("episode_reward", out var rewards) && rewards.Count > 0) figures["last_training_episode_reward"] = rewards[^1];

        var model = agent.QNetwork;
        model.Metadata.ClassNames = ["left", "right"];
        return new RecipeResult
        {
            Value = mean,
            Figures = figures,
            Model = model,
            Parameters = new Dictionary<string, object?>
            {
                ["environment"] = cart.Name,
                ["total_steps"] = options.TotalSteps,
                ["learning_rate"] = options.LearningRate,
                // Not "batch_size": tracking's autolog records Fit's (the 256 environment steps of a batch) under that key.
                ["replay_batch_size"] = options.BatchSize,
                ["buffer_size"] = options.BufferSize,
                ["learning_starts"] = options.LearningStarts,
                ["gamma"] = options.Gamma,
                ["target_update_interval_env_steps"] = options.TargetUpdateInterval,
                ["train_freq"] = options.TrainFrequency,
                ["gradient_steps"] = options.GradientSteps,
                ["exploration_fraction"] = options.ExplorationFraction,
                ["exploration_final_eps"] = options.FinalEpsilon,
                ["net_arch"] = string.Join(',', options.HiddenLayers),
                ["max_grad_norm"] = options.MaxGradNorm,
                ["double_dqn"] = options.DoubleDqn,
                ["evaluation_episodes"] = evaluationEpisodes,
                ["evaluation_seed"] = EvaluationSeed,
                ["engine_threads"] = 1,
            },
        };
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
