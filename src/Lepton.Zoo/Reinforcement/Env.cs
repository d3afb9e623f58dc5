namespace Lepton.Zoo.Reinforcement;

/// <summary>
/// An environment an agent learns in, with Gymnasium's contract: <see cref="Reset"/> starts an episode and returns the first
/// observation, <see cref="Step"/> applies an action and returns the next observation, the reward and whether the episode
/// terminated or was truncated by the time limit. Subclass it to bring your own: implement <see cref="ResetEpisode"/> and
/// <see cref="Transition"/>; this class checks actions against <see cref="ActionSpace"/>, counts steps, applies
/// <see cref="MaxEpisodeSteps"/> as Gymnasium's <c>TimeLimit</c> wrapper, and refuses a step after the episode ended.
/// </summary>
/// <typeparam name="TObservation">What the agent sees: <c>int</c> for a <see cref="Discrete"/> space, <c>float[]</c> for a <see cref="Box"/>.</typeparam>
/// <typeparam name="TAction">What the agent does: <c>int</c> for a <see cref="Discrete"/> space, <c>float[]</c> for a <see cref="Box"/>.</typeparam>
public abstract class Env<TObservation, TAction>
{
    private Random? _random;
    private bool _started;
    private bool _ended;

    /// <summary>An environment with the given spaces and time limit.</summary>
    /// <param name="observationSpace">The observations it returns.</param>
    /// <param name="actionSpace">The actions it accepts.</param>
    /// <param name="maxEpisodeSteps">Steps after which an episode is truncated; null for none.</param>
    protected Env(Space<TObservation> observationSpace, Space<TAction> actionSpace, int? maxEpisodeSteps)
    {
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(actionSpace);
        if (maxEpisodeSteps is < 1) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "The time limit must be at least one step.");
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    /// <summary>The environment's name in messages (<c>FrozenLake-v1</c>).</summary>
    public virtual string Name => GetType().Name;

    /// <summary>The observations <see cref="Reset"/> and <see cref="Step"/> return.</summary>
    public Space<TObservation> ObservationSpace { get; }

    /// <summary>The actions <see cref="Step"/> accepts.</summary>
    public Space<TAction> ActionSpace { get; }

    /// <summary>The time limit: an episode is truncated after this many steps; null for none.</summary>
    public int? MaxEpisodeSteps { get; }

    /// <summary>Steps taken in the current episode.</summary>
    public int ElapsedSteps { get; private set; }

    /// <summary>The episode's random generator, for the subclass's randomness (slippery ice, the start state).</summary>
    protected Random Random => _random ?? throw new InvalidOperationException($"{Name}: call Reset before using the environment's random generator.");

    /// <summary>
    /// Starts a new episode and returns its first observation. A <paramref name="seed"/> reseeds the environment's
    /// generator (so the same seed and actions replay the same episode); without one it continues, and the first
    /// reset of an unseeded environment draws from <see cref="LeptonRuntime.CreateRandom"/>.
    /// </summary>
    public TObservation Reset(int? seed = null)
    {
        if (seed is { } s) _random = new Random(s);
        else _random ??= LeptonRuntime.CreateRandom();
        _started = true;
        _ended = false;
        ElapsedSteps = 0;
        return ResetEpisode();
    }

    /// <summary>Applies <paramref name="action"/> and returns what followed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The action is outside <see cref="ActionSpace"/>.</exception>
    /// <exception cref="InvalidOperationException">No episode was started, or it has ended: call <see cref="Reset"/>.</exception>
    public StepResult<TObservation> Step(TAction action)
    {
        if (!_started) throw new InvalidOperationException($"{Name}: Step was called before Reset; call Reset to start an episode.");
        if (_ended)
            throw new InvalidOperationException($"{Name}: Step was called after the episode ended (terminated or truncated after {ElapsedSteps} steps); call Reset to start a new episode.");
        if (!ActionSpace.Contains(action))
            throw new ArgumentOutOfRangeException(nameof(action), $"{Name} got action {ActionSpace.Format(action)}, which is outside its action space {ActionSpace}.");
        var (observation, reward, terminated) = Transition(action);
        ElapsedSteps++;
        // As Gymnasium's TimeLimit: the last allowed step is truncated even when it also terminates.
        var truncated = ElapsedSteps >= MaxEpisodeSteps;
        _ended = terminated || truncated;
        return new StepResult<TObservation>(observation, reward, terminated, truncated);
    }

    /// <summary>Puts the environment in a start state (drawing from <see cref="Random"/>) and returns its observation.</summary>
    protected abstract TObservation ResetEpisode();

    /// <summary>Applies a valid action: the next observation, the reward, and whether the new state is terminal.</summary>
    protected abstract (TObservation Observation, double Reward, bool Terminated) Transition(TAction action);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: observations {ObservationSpace}, actions {ActionSpace}";
}
