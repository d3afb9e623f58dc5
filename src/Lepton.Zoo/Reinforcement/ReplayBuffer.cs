using static TorchSharp.torch;

namespace Lepton.Zoo.Reinforcement;

/// <summary>
/// A ring of the last <c>capacity</c> transitions in managed arrays (no tensors held), sampled uniformly with replacement
/// as Stable-Baselines3's ReplayBuffer; a sample's tensors belong to the caller's dispose scope.
/// </summary>
internal sealed class ReplayBuffer
{
    private readonly int _width;
    private readonly float[] _observations;
    private readonly float[] _nextObservations;
    private readonly long[] _actions;
    private readonly float[] _rewards;
    private readonly float[] _terminated;
    private int _position;

    public ReplayBuffer(int capacity, int observationSize)
    {
        Capacity = capacity;
        _width = observationSize;
        _observations = new float[checked(capacity * observationSize)];
        _nextObservations = new float[checked(capacity * observationSize)];
        _actions = new long[capacity];
        _rewards = new float[capacity];
        _terminated = new float[capacity];
    }

    public int Capacity { get; }

    /// <summary>Transitions held (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Stores one transition; <paramref name="terminated"/> only for terminal states, so truncations still bootstrap.</summary>
    public void Add(float[] observation, int action, double reward, float[] nextObservation, bool terminated)
    {
        Array.Copy(observation, 0, _observations, _position * _width, _width);
        Array.Copy(nextObservation, 0, _nextObservations, _position * _width, _width);
        _actions[_position] = action;
        _rewards[_position] = (float)reward;
        _terminated[_position] = terminated ? 1f : 0f;
        _position = (_position + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary><paramref name="size"/> transitions drawn uniformly with replacement: observations, actions [n, 1], rewards [n, 1], next observations, terminated [n, 1].</summary>
    public (Tensor Observations, Tensor Actions, Tensor Rewards, Tensor NextObservations, Tensor Terminated) Sample(int size, Random random, Device device)
    {
        if (Count == 0) throw new InvalidOperationException("The replay buffer is empty: collect transitions before sampling.");
        var observations = new float[size * _width];
        var next = new float[size * _width];
        var actions = new long[size];
        var rewards = new float[size];
        var terminated = new float[size];
        for (var i = 0; i < size; i++)
        {
            var j = random.Next(Count);
            Array.Copy(_observations, j * _width, observations, i * _width, _width);
            Array.Copy(_nextObservations, j * _width, next, i * _width, _width);
            actions[i] = _actions[j];
            rewards[i] = _rewards[j];
            terminated[i] = _terminated[j];
        }
        return (tensor(observations, [size, _width], device: device), tensor(actions, [size, 1], device: device),
                tensor(rewards, [size, 1], device: device), tensor(next, [size, _width], device: device), tensor(terminated, [size, 1], device: device));
    }
}
