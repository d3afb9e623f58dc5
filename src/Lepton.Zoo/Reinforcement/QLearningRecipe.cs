using System.Globalization;

namespace Lepton.Zoo.Reinforcement;

/// <summary>
/// <c>lepton zoo run q-learning</c>: tabular Q-learning on Gymnasium's slippery FrozenLake 4×4, judged by the greedy
/// policy's success rate over 1,000 evaluation episodes (seeds of their own); beside it the optimal policy's, found by
/// value iteration on the known rules (the ceiling, about 0.74 under the 100-step limit), and a random policy's.
/// </summary>
internal sealed class QLearningRecipe : ZooRecipe
{
    /// <summary>Evaluation episode i is reset with this seed + i: apart from any seed training draws, and the same for every run.</summary>
    public const int EvaluationSeed = 1_000_000;

    public override string Name => "q-learning";

    public override string Description => "Tabular Q-learning on slippery FrozenLake 4×4 (Gymnasium's rules), scored by the greedy policy's success rate over 1,000 episodes";

    public override string Metric => "success_rate";

    public override MetricDirection Direction => MetricDirection.Maximize;

    public override string Goal => "≥ 0.70 (optimal policy ≈ 0.74)";

    public override RecipeResult Run(RecipeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var learner = new QLearning
        {
            Episodes = context.Quick ? 2_000 : 20_000,
            Gamma = 0.99,
            LearningRate = 0.1,
            FinalLearningRate = 0.01,
            InitialEpsilon = 1.0,
            FinalEpsilon = 0.05,
            ExplorationFraction = 0.5,
        };
        var evaluationEpisodes = context.Quick ? 200 : 1_000;
        var lake = new FrozenLake();
        var trainingSeed = LeptonRuntime.CreateRandom().Next();
        context.Log.WriteLine(Text($"Training on {lake.Name} ({lake.Rows}×{lake.Columns}, slippery, time limit {lake.MaxEpisodeSteps}): {learner.Episodes:N0} episodes, γ {learner.Gamma}, α {learner.LearningRate} → {learner.FinalLearningRate}, ε {learner.InitialEpsilon} → {learner.FinalEpsilon} over {learner.ExplorationFraction * 100:0}% of them."));

        var window = Math.Max(learner.Episodes / 10, 1);
        var recent = 0.0;
        var table = learner.Train(lake, trainingSeed, (episode, total) =>
        {
            recent += total;
            if ((episode + 1) % window != 0) return;
            context.Log.WriteLine(Text($"  episodes {episode + 1 - window + 1:N0}–{episode + 1:N0}: success {recent / window:0.000} while exploring"));
            recent = 0;
        }, context.CancellationToken);

        var optimal = ValueIteration.Solve(lake, learner.Gamma);
        var randomActions = new Random(EvaluationSeed);
        var successRate = Evaluate(lake, table.GreedyAction, evaluationEpisodes);
        var optimalRate = Evaluate(lake, optimal.GreedyAction, evaluationEpisodes);
        var randomRate = Evaluate(lake, _ => randomActions.Next(4), evaluationEpisodes);
        var horizon = lake.MaxEpisodeSteps ?? 100;
        var figures = new Dictionary<string, double>
        {
            ["optimal_success_rate"] = optimalRate,
            ["random_success_rate"] = randomRate,
            ["success_probability"] = ValueIteration.SuccessProbability(lake, table.GreedyAction, horizon),
            ["optimal_success_probability"] = ValueIteration.SuccessProbability(lake, optimal.GreedyAction, horizon),
            // Ties count as optimal: in some cells two actions are equally good (left and right between two holes).
            ["optimal_action_share"] = Enumerable.Range(0, lake.StateCount).Count(s => optimal[s, table.GreedyAction(s)] >= optimal.Max(s) - 1e-9) / (double)lake.StateCount,
        };
        context.Log.WriteLine($"Greedy policy: {Policy(lake, table)}; optimal (value iteration): {Policy(lake, optimal)} (L left, D down, R right, U up; · a hole or the goal).");

        var model = table.ToModel("q_learning_frozenlake");
        model.Metadata.ClassNames = ["left", "down", "right", "up"];
        return new RecipeResult
        {
            Value = successRate,
            Figures = figures,
            Model = model,
            Parameters = new Dictionary<string, object?>
            {
                ["environment"] = lake.Name,
                ["episodes"] = learner.Episodes,
                ["gamma"] = learner.Gamma,
                ["learning_rate"] = learner.LearningRate,
                ["final_learning_rate"] = learner.FinalLearningRate,
                ["initial_epsilon"] = learner.InitialEpsilon,
                ["final_epsilon"] = learner.FinalEpsilon,
                ["exploration_fraction"] = learner.ExplorationFraction,
                ["evaluation_episodes"] = evaluationEpisodes,
                ["evaluation_seed"] = EvaluationSeed,
            },
        };
    }

    // Not cancelled: a stopped run still scores what it learned.
    private static double Evaluate(FrozenLake lake, Func<int, int> policy, int episodes) =>
        Episodes.Returns(lake, policy, episodes, EvaluationSeed).Average();

    private static string Policy(FrozenLake lake, QTable table) =>
        string.Join('/', Enumerable.Range(0, lake.Rows).Select(r => string.Concat(Enumerable.Range(0, lake.Columns).Select(c =>
        {
            var s = r * lake.Columns + c;
            return lake.IsTerminal(s) ? '·' : "LDRU"[table.GreedyAction(s)];
        }))));

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
