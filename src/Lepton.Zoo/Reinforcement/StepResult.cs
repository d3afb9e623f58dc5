namespace Lepton.Zoo.Reinforcement;

/// <summary>What one <see cref="Env{TObservation, TAction}.Step"/> returns, as Gymnasium's <c>step</c> (without its info).</summary>
/// <param name="Observation">The observation after the action.</param>
/// <param name="Reward">The reward for the action.</param>
/// <param name="Terminated">The episode ended in a terminal state (a hole, the goal, the pole fell): no future reward.</param>
/// <param name="Truncated">The episode was cut by the time limit: the state itself is not terminal.</param>
public readonly record struct StepResult<TObservation>(TObservation Observation, double Reward, bool Terminated, bool Truncated)
{
    /// <summary>The episode is over either way: call <see cref="Env{TObservation, TAction}.Reset"/> next.</summary>
    public bool Done => Terminated || Truncated;
}
