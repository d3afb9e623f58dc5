namespace Lepton.Zoo.Reinforcement;

/// <summary>
/// Gymnasium's <c>CartPole-v1</c>: push a cart left (action 0) or right (1) to keep the pole on it upright. Observations are
/// [cart position, cart velocity, pole angle, pole angular velocity]; reward 1 per step (the falling step included); the
/// episode terminates when the pole leans more than 12° or the cart leaves ±2.4, and is truncated at 500 steps. The
/// physics are Gymnasium's to the letter: gravity 9.8, cart 1.0, pole 0.1 with half-length 0.5, force 10, Euler steps of
/// 0.02 s, the start state uniform in ±0.05; the state is kept in double precision, observed in single.
/// </summary>
public sealed class CartPole : Env<float[], int>
{
    /// <summary>Gravity (m/s²).</summary>
    public const double Gravity = 9.8;

    /// <summary>The cart's mass (kg).</summary>
    public const double CartMass = 1.0;

    /// <summary>The pole's mass (kg).</summary>
    public const double PoleMass = 0.1;

    /// <summary>Half the pole's length (m), Gymnasium's <c>length</c>.</summary>
    public const double HalfLength = 0.5;

    /// <summary>The push (N).</summary>
    public const double ForceMagnitude = 10.0;

    /// <summary>Seconds per step.</summary>
    public const double Tau = 0.02;

    /// <summary>The pole angle beyond which the episode ends: 12° in radians.</summary>
    public const double ThetaThreshold = 12 * 2 * Math.PI / 360;

    /// <summary>The cart position beyond which the episode ends.</summary>
    public const double XThreshold = 2.4;

    private const double TotalMass = PoleMass + CartMass;
    private const double PoleMassLength = PoleMass * HalfLength;

    private readonly double[] _state = new double[4];

    /// <summary>A cart-pole with Gymnasium's time limit of 500 steps (or <paramref name="maxEpisodeSteps"/>).</summary>
    public CartPole(int? maxEpisodeSteps = 500) : base(ObservationBox(), new Discrete(2), maxEpisodeSteps)
    {
    }

    /// <inheritdoc />
    public override string Name => "CartPole-v1";

    /// <summary>The exact state [x, ẋ, θ, θ̇] in double precision.</summary>
    public IReadOnlyList<double> State => _state;

    /// <summary>Puts the cart in the state (x, ẋ, θ, θ̇) after a reset, for tests and demonstrations.</summary>
    public void SetState(double x, double xDot, double theta, double thetaDot) => (_state[0], _state[1], _state[2], _state[3]) = (x, xDot, theta, thetaDot);

    /// <inheritdoc />
    protected override float[] ResetEpisode()
    {
        for (var i = 0; i < 4; i++) _state[i] = -0.05 + 0.1 * Random.NextDouble();
        return Observe();
    }

    /// <inheritdoc />
    protected override (float[] Observation, double Reward, bool Terminated) Transition(int action)
    {
        var (x, xDot, theta, thetaDot) = (_state[0], _state[1], _state[2], _state[3]);
        var force = action == 1 ? ForceMagnitude : -ForceMagnitude;
        var cos = Math.Cos(theta);
        var sin = Math.Sin(theta);
        var temp = (force + PoleMassLength * thetaDot * thetaDot * sin) / TotalMass;
        var thetaAcc = (Gravity * sin - cos * temp) / (HalfLength * (4.0 / 3.0 - PoleMass * cos * cos / TotalMass));
        var xAcc = temp - PoleMassLength * thetaAcc * cos / TotalMass;
        // Euler, in Gymnasium's order: positions move with the old velocities.
        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
        (_state[0], _state[1], _state[2], _state[3]) = (x, xDot, theta, thetaDot);
        var terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThreshold || theta > ThetaThreshold;
        return (Observe(), 1.0, terminated);
    }

    private float[] Observe() => [(float)_state[0], (float)_state[1], (float)_state[2], (float)_state[3]];

    private static Box ObservationBox()
    {
        var high = new[] { (float)(XThreshold * 2), float.MaxValue, (float)(ThetaThreshold * 2), float.MaxValue };
        return new Box(high.Select(h => -h).ToArray(), high);
    }
}
