namespace Lepton.Zoo.Reinforcement;

/// <summary>One possible outcome of an action in <see cref="FrozenLake"/>: Gymnasium's <c>env.P[s][a]</c> entries.</summary>
/// <param name="Probability">How likely this outcome is.</param>
/// <param name="NextState">The cell the agent lands on.</param>
/// <param name="Reward">1 on reaching the goal, else 0.</param>
/// <param name="Terminated">The cell is a hole or the goal.</param>
public readonly record struct FrozenLakeMove(double Probability, int NextState, double Reward, bool Terminated);
