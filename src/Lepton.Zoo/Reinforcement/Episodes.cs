namespace Lepton.Zoo.Reinforcement;

/// <summary>Plays whole episodes of a policy, for evaluation.</summary>
public static class Episodes
{
    /// <summary>
    /// The return (sum of rewards) of each of <paramref name="count"/> episodes of <paramref name="policy"/>, episode i
    /// reset with seed <paramref name="firstSeed"/> + i, so an evaluation is repeatable and apart from training's seeds.
    /// </summary>
    public static double[] Returns<TObservation, TAction>(Env<TObservation, TAction> env, Func<TObservation, TAction> policy, int count, int firstSeed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var returns = new double[count];
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var observation = env.Reset(firstSeed + i);
            while (true)
            {
                var step = env.Step(policy(observation));
                returns[i] += step.Reward;
                observation = step.Observation;
                if (step.Done) break;
            }
        }
        return returns;
    }
}
