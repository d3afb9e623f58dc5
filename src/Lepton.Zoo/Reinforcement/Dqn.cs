using Lepton.Data;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Zoo.Reinforcement;

/// <summary>
/// Deep Q-learning (Mnih et al. 2015) as Stable-Baselines3 runs it, for an environment with vector observations and
/// discrete actions: ε-greedy steps into a replay buffer, a target network, the Huber loss and Adam with gradient clipping.
/// It is a <see cref="Model"/> with its own <see cref="Model.TrainStep"/>, so <see cref="Learn"/> runs through Fit: each
/// batch is <see cref="DqnOptions.TrainFrequency"/> environment steps followed by <see cref="DqnOptions.GradientSteps"/>
/// gradient steps, with Fit's progress bar, callbacks, tracking and Ctrl+C. The learned <see cref="QNetwork"/> is a plain
/// <see cref="Sequential"/> (observation → one value per action) that saves, loads and serves like any model.
/// </summary>
public sealed class Dqn : Model
{
    private readonly Env<float[], int> _env;
    private readonly Discrete _actions;
    private readonly int _observationSize;
    private readonly Sequential _target;
    private readonly Adam _optimizer;
    private readonly Huber _huber = new(1.0);
    private readonly ReplayBuffer _buffer;
    private readonly Random _random;
    private readonly Queue<double> _recentReturns = new();
    private float[] _observation = [];
    private bool _needsReset = true;
    private bool _seeded;
    private double _episodeReturn;

    /// <summary>A DQN agent for <paramref name="env"/>, whose observations must be a <see cref="Box"/> and actions <see cref="Discrete"/>.</summary>
    /// <param name="env">The environment to learn in (reset by the agent).</param>
    /// <param name="options">The settings; null for rl-baselines3-zoo's CartPole values.</param>
    /// <param name="seed">Seeds the environment's first reset, exploration and replay sampling; null draws it from the runtime's seed.
    /// The networks' initial weights come from libtorch's generator (<c>LeptonRuntime.Seed</c>).</param>
    public Dqn(Env<float[], int> env, DqnOptions? options = null, int? seed = null) : base("dqn")
    {
        ArgumentNullException.ThrowIfNull(env);
        Options = options ?? new DqnOptions();
        Options.Validate();
        var box = env.ObservationSpace as Box ?? throw new ArgumentException($"{env.Name}'s observations are {env.ObservationSpace}; DQN needs a Box of real numbers.", nameof(env));
        _actions = env.ActionSpace as Discrete ?? throw new ArgumentException($"{env.Name}'s actions are {env.ActionSpace}; DQN needs a Discrete action space.", nameof(env));
        _env = env;
        _observationSize = box.Size;
        _random = seed is { } s ? new Random(s) : LeptonRuntime.CreateRandom();
        QNetwork = CreateNetwork("q_network");
        _target = CreateNetwork("target_network");
        foreach (var p in _target.parameters()) p.requires_grad_(false);
        register_module("q_network", QNetwork);
        register_module("target_network", _target);
        SyncTarget();
        _optimizer = new Adam(Options.LearningRate, epsilon: 1e-8) { ClipNorm = Options.MaxGradNorm };
        _buffer = new ReplayBuffer(Options.BufferSize, _observationSize);
        Epsilon = Options.InitialEpsilon;
    }

    /// <summary>The settings it learns with.</summary>
    public DqnOptions Options { get; }

    /// <summary>The learned action values: observation in, one value per action out. Save this one.</summary>
    public Sequential QNetwork { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Layer>? InferenceChain => [QNetwork];

    /// <summary>Environment steps taken so far.</summary>
    public long EnvironmentSteps { get; private set; }

    /// <summary>Gradient steps taken so far.</summary>
    public long GradientSteps { get; private set; }

    /// <summary>Episodes completed so far.</summary>
    public int EpisodesCompleted { get; private set; }

    /// <summary>The exploration rate in force.</summary>
    public double Epsilon { get; private set; }

    /// <summary>
    /// Trains for <see cref="DqnOptions.TotalSteps"/> environment steps (what remains of them) through Fit; the epoch figures
    /// are <c>loss</c> (mean Huber loss of the epoch's gradient steps), <c>epsilon</c>, <c>episode_reward</c> (mean return of
    /// the last 100 episodes, as SB3's <c>ep_rew_mean</c>) and <c>q_value</c> (mean predicted value of the actions taken).
    /// </summary>
    public History Learn(IEnumerable<Callback>? callbacks = null, Verbosity verbose = Verbosity.Auto, CancellationToken cancellationToken = default)
    {
        var remaining = Options.TotalSteps - EnvironmentSteps;
        if (remaining <= 0) throw new InvalidOperationException($"The agent has taken all {Options.TotalSteps:N0} steps of its run; make a new Dqn to train again.");
        var perEpoch = (int)Math.Min(Options.StepsPerEpoch, remaining);
        var epochs = (int)((remaining + perEpoch - 1) / perEpoch);
        using var steps = new TensorDataset(arange(perEpoch, ScalarType.Float32).reshape(perEpoch, 1), null);
        return Fit(steps, epochs, Options.TrainFrequency, shuffle: false, callbacks: callbacks, verbose: verbose, cancellationToken: cancellationToken);
    }

    /// <summary>The greedy action for <paramref name="observation"/>: the one of highest value.</summary>
    public int Act(float[] observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Length != _observationSize)
            throw new ArgumentException($"The observation has {observation.Length} values; {_env.Name}'s have {_observationSize}.", nameof(observation));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var input = tensor(observation, [1, _observationSize], device: LeptonRuntime.Device);
        return (int)QNetwork.Forward(input).argmax(1).item<long>();
    }

    /// <summary>The return of each of <paramref name="episodes"/> greedy episodes on <paramref name="env"/>, episode i seeded <paramref name="firstSeed"/> + i.</summary>
    public double[] Evaluate(Env<float[], int> env, int episodes, int firstSeed) => Episodes.Returns(env, Act, episodes, firstSeed);

    /// <inheritdoc />
    protected override Shape Build(Shape input) => QNetwork.OutputShape;

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) => QNetwork.Forward(input);

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch)
    {
        var count = (int)Math.Min(batch.Count, Options.TotalSteps - EnvironmentSteps);
        for (var i = 0; i < count; i++) CollectStep();
        var figures = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        if (EnvironmentSteps > Options.LearningStarts && count > 0)
        {
            // SB3 trains GradientSteps after every TrainFrequency steps; a shorter last batch trains in proportion.
            var rounds = Math.Max(1, (int)Math.Round((double)Options.GradientSteps * count / Options.TrainFrequency));
            double loss = 0, q = 0;
            for (var j = 0; j < rounds; j++)
            {
                var (stepLoss, stepQ) = GradientStep();
                loss += stepLoss;
                q += stepQ;
            }
            figures["loss"] = tensor(loss / rounds);
            figures["q_value"] = tensor(q / rounds);
        }
        figures["epsilon"] = tensor(Epsilon);
        if (_recentReturns.Count > 0) figures["episode_reward"] = tensor(_recentReturns.Average());
        return figures;
    }

    private void CollectStep()
    {
        if (_needsReset)
        {
            _observation = _seeded ? _env.Reset() : _env.Reset(_random.Next());
            _seeded = true;
            _needsReset = false;
            _episodeReturn = 0;
        }
        // SB3: random actions until learning starts, then ε-greedy.
        var explore = EnvironmentSteps < Options.LearningStarts || _random.NextDouble() < Epsilon;
        var action = explore ? _actions.Sample(_random) : Act(_observation);
        var step = _env.Step(action);
        _buffer.Add(_observation, action, step.Reward, step.Observation, step.Terminated);
        EnvironmentSteps++;
        _episodeReturn += step.Reward;
        _observation = step.Observation;
        if (step.Done)
        {
            _needsReset = true;
            EpisodesCompleted++;
            _recentReturns.Enqueue(_episodeReturn);
            if (_recentReturns.Count > 100) _recentReturns.Dequeue();
        }
        // SB3's _on_step: the target copy every TargetUpdateInterval environment steps, then ε for the progress made.
        if (EnvironmentSteps % Options.TargetUpdateInterval == 0) SyncTarget();
        var progress = (double)EnvironmentSteps / Options.TotalSteps;
        Epsilon = progress > Options.ExplorationFraction
            ? Options.FinalEpsilon
            : Options.InitialEpsilon + progress * (Options.FinalEpsilon - Options.InitialEpsilon) / Options.ExplorationFraction;
    }

    private (double Loss, double Q) GradientStep()
    {
        using var scope = NewDisposeScope();
        var (observations, actions, rewards, next, terminated) = _buffer.Sample(Options.BatchSize, _random, LeptonRuntime.Device);
        Tensor target;
        using (no_grad())
        {
            var nextValues = _target.Forward(next);
            var best = Options.DoubleDqn
                ? nextValues.gather(1, QNetwork.Forward(next).argmax(1, keepdim: true))
                : nextValues.max(1, keepdim: true).values;
            target = rewards + (1 - terminated) * Options.Gamma * best;
        }
        var taken = QNetwork.Forward(observations).gather(1, actions);
        var loss = _huber.Compute(taken, target).mean();
        _optimizer.Minimize(loss, QNetwork);
        GradientSteps++;
        return (loss.item<float>(), taken.mean().item<float>());
    }

    private void SyncTarget()
    {
        using var noGrad = no_grad();
        foreach (var (target, source) in _target.parameters().Zip(QNetwork.parameters())) target.copy_(source);
    }

    private Sequential CreateNetwork(string name)
    {
        var layers = Options.HiddenLayers.Select((width, i) => (Layer)new Dense(width, "relu", name: $"hidden_{i + 1}"))
            .Append(new Dense(_actions.Count, name: "q_values"));
        var network = new Sequential(new Shape(_observationSize), layers, name);
        // PyTorch's nn.Linear initialisation, which SB3's networks start from: weights and biases uniform in ±1/√fan_in.
        using var noGrad = no_grad();
        foreach (var dense in network.Layers.OfType<Dense>())
        {
            var parameters = dense.parameters().ToList();
            var bound = 1 / Math.Sqrt(parameters[0].shape[1]);
            foreach (var p in parameters) p.uniform_(-bound, bound);
        }
        return network;
    }
}
