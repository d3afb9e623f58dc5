namespace Lepton.Zoo.Reinforcement;

/// <summary>
/// Tabular Q-learning (Watkins): learns a <see cref="QTable"/> for an environment with discrete observations and actions
/// by ε-greedy episodes and the update Q(s,a) += α (r + γ max Q(s′) − Q(s,a)), bootstrapping through truncations but
/// not through terminal states. ε and α fall linearly over the run.
/// </summary>
public sealed class QLearning
{
    /// <summary>Episodes to learn from.</summary>
    public int Episodes { get; init; } = 20_000;

    /// <summary>The discount γ.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>The learning rate α at the start.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>The learning rate α at the end (falling linearly from <see cref="LearningRate"/>).</summary>
    public double FinalLearningRate { get; init; } = 0.01;

    /// <summary>The exploration rate ε at the start.</summary>
    public double InitialEpsilon { get; init; } = 1.0;

    /// <summary>The exploration rate ε after <see cref="ExplorationFraction"/> of the episodes, kept to the end.</summary>
    public double FinalEpsilon { get; init; } = 0.05;

    /// <summary>The share of the episodes over which ε falls.</summary>
    public double ExplorationFraction { get; init; } = 0.5;

    /// <summary>Learns a table for <paramref name="env"/>, whose spaces must both be <see cref="Discrete"/>.</summary>
    /// <param name="env">The environment (reset with <paramref name="seed"/> first, then continuing its generator).</param>
    /// <param name="seed">Seeds the environment and the exploration; null draws both from the runtime's seed.</param>
    /// <param name="onEpisode">Called after each episode with its index and return (for progress).</param>
    /// <param name="cancellationToken">Stops after the current episode; the table so far is returned.</param>
    public QTable Train(Env<int, int> env, int? seed = null, Action<int, double>? onEpisode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        Validate();
        var states = env.ObservationSpace as Discrete ?? throw new ArgumentException($"{env.Name}'s observations are {env.ObservationSpace}; tabular Q-learning needs a Discrete observation space.", nameof(env));
        var actions = env.ActionSpace as Discrete ?? throw new ArgumentException($"{env.Name}'s actions are {env.ActionSpace}; tabular Q-learning needs a Discrete action space.", nameof(env));
        var random = seed is { } s ? new Random(s) : LeptonRuntime.CreateRandom();
        var table = new QTable(states.Count, actions.Count);
        var first = true;
        for (var episode = 0; episode < Episodes && !cancellationToken.IsCancellationRequested; episode++)
        {
            var progress = (double)episode / Episodes;
            var epsilon = progress >= ExplorationFraction ? FinalEpsilon : InitialEpsilon + (FinalEpsilon - InitialEpsilon) * progress / ExplorationFraction;
            var alpha = LearningRate + (FinalLearningRate - LearningRate) * progress;
            var state = first ? env.Reset(random.Next()) : env.Reset();
            first = false;
            var total = 0.0;
            while (true)
            {
                var action = random.NextDouble() < epsilon ? actions.Sample(random) : table.GreedyAction(state);
                var step = env.Step(action);
                var target = step.Reward + (step.Terminated ? 0 : Gamma * table.Max(step.Observation));
                table[state, action] += alpha * (target - table[state, action]);
                total += step.Reward;
                state = step.Observation;
                if (step.Done) break;
            }
            onEpisode?.Invoke(episode, total);
        }
        return table;
    }

    private void Validate()
    {
        if (Episodes < 1) throw new ArgumentOutOfRangeException(nameof(Episodes), Episodes, "Q-learning needs at least one episode.");
        if (!(Gamma is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "The discount must lie in [0, 1].");
        if (!(LearningRate is > 0 and <= 1) || !(FinalLearningRate is > 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rates must lie in (0, 1].");
        if (!(InitialEpsilon is >= 0 and <= 1) || !(FinalEpsilon is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(InitialEpsilon), InitialEpsilon, "The exploration rates must lie in [0, 1].");
        if (!(ExplorationFraction is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(ExplorationFraction), ExplorationFraction, "The exploration fraction must lie in (0, 1].");
    }
}
