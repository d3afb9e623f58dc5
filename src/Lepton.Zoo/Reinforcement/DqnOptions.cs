namespace Lepton.Zoo.Reinforcement;

/// <summary>
/// The settings of <see cref="Dqn"/>, in Stable-Baselines3's terms. The defaults are rl-baselines3-zoo's tuned values for
/// CartPole-v1 (learning rate 2.3e-3, batch 64, buffer 100k, 1,000 learning starts, γ 0.99, target update every 10
/// environment steps, 128 gradient steps every 256 environment steps, ε from 1 to 0.04 over the first 16%, two hidden layers
/// of 256, 50,000 steps) with SB3's gradient clipping at norm 10.
/// </summary>
public sealed class DqnOptions
{
    /// <summary>Environment steps to train for: the length of the run and the base of the ε schedule.</summary>
    public int TotalSteps { get; init; } = 50_000;

    /// <summary>Environment steps per Fit epoch (what the progress bar, callbacks and tracking see as one epoch).</summary>
    public int StepsPerEpoch { get; init; } = 5_000;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 2.3e-3;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Transitions the replay buffer keeps (the oldest go first).</summary>
    public int BufferSize { get; init; } = 100_000;

    /// <summary>Environment steps of random actions before learning starts.</summary>
    public int LearningStarts { get; init; } = 1_000;

    /// <summary>The discount γ.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>
    /// Environment steps between copies of the network into the target network. As in SB3 this counts environment steps
    /// (SB3's <c>_on_step</c>), so with training every 256 steps the target is in effect refreshed before each round of gradient steps.
    /// </summary>
    public int TargetUpdateInterval { get; init; } = 10;

    /// <summary>Environment steps between rounds of training (SB3's <c>train_freq</c>); also Fit's batch size.</summary>
    public int TrainFrequency { get; init; } = 256;

    /// <summary>Gradient steps in each round of training.</summary>
    public int GradientSteps { get; init; } = 128;

    /// <summary>The exploration rate ε at the start.</summary>
    public double InitialEpsilon { get; init; } = 1.0;

    /// <summary>The exploration rate ε after <see cref="ExplorationFraction"/> of <see cref="TotalSteps"/>, kept to the end.</summary>
    public double FinalEpsilon { get; init; } = 0.04;

    /// <summary>The share of the run over which ε falls linearly.</summary>
    public double ExplorationFraction { get; init; } = 0.16;

    /// <summary>The widths of the Q-network's hidden ReLU layers.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [256, 256];

    /// <summary>Gradients are rescaled when their global norm exceeds this (SB3's <c>max_grad_norm</c>); null turns clipping off.</summary>
    public double? MaxGradNorm { get; init; } = 10;

    /// <summary>Double DQN (van Hasselt et al.): the online network picks the next action, the target network values it. Off in SB3.</summary>
    public bool DoubleDqn { get; init; }

    internal void Validate()
    {
        Positive(TotalSteps, nameof(TotalSteps));
        Positive(StepsPerEpoch, nameof(StepsPerEpoch));
        Positive(BatchSize, nameof(BatchSize));
        Positive(BufferSize, nameof(BufferSize));
        Positive(TargetUpdateInterval, nameof(TargetUpdateInterval));
        Positive(TrainFrequency, nameof(TrainFrequency));
        Positive(GradientSteps, nameof(GradientSteps));
        if (LearningStarts < 0) throw new ArgumentOutOfRangeException(nameof(LearningStarts), LearningStarts, "Learning starts cannot be negative.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive number.");
        if (!(Gamma is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "The discount must lie in [0, 1].");
        if (!(InitialEpsilon is >= 0 and <= 1) || !(FinalEpsilon is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(FinalEpsilon), FinalEpsilon, "The exploration rates must lie in [0, 1].");
        if (!(ExplorationFraction is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(ExplorationFraction), ExplorationFraction, "The exploration fraction must lie in (0, 1].");
        if (HiddenLayers is null || HiddenLayers.Count == 0 || HiddenLayers.Any(w => w < 1))
            throw new ArgumentException("The Q-network needs at least one hidden layer, each at least one unit wide.", nameof(HiddenLayers));
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
    }
}
