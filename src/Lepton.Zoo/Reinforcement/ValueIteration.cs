namespace Lepton.Zoo.Reinforcement;

/// <summary>Planning on a known <see cref="FrozenLake"/>: the optimal action values, and a policy's exact chance of reaching the goal.</summary>
internal static class ValueIteration
{
    /// <summary>The optimal action values for discount <paramref name="gamma"/>, iterated until they change by less than <paramref name="tolerance"/>.</summary>
    public static QTable Solve(FrozenLake lake, double gamma, double tolerance = 1e-12)
    {
        var values = new double[lake.StateCount];
        var table = new QTable(lake.StateCount, 4);
        for (var sweep = 0; sweep < 100_000; sweep++)
        {
            var change = 0.0;
            for (var s = 0; s < lake.StateCount; s++)
            {
                for (var a = 0; a < 4; a++)
                    table[s, a] = lake.Moves(s, a).Sum(m => m.Probability * (m.Reward + (m.Terminated ? 0 : gamma * values[m.NextState])));
                var best = table.Max(s);
                change = Math.Max(change, Math.Abs(best - values[s]));
                values[s] = best;
            }
            if (change < tolerance) break;
        }
        return table;
    }

    /// <summary>The exact probability that <paramref name="policy"/> reaches the goal from the start within <paramref name="horizon"/> steps.</summary>
    public static double SuccessProbability(FrozenLake lake, Func<int, int> policy, int horizon)
    {
        var reach = new double[lake.StateCount];
        for (var step = 0; step < horizon; step++)
        {
            var next = new double[lake.StateCount];
            for (var s = 0; s < lake.StateCount; s++)
            {
                if (lake.IsTerminal(s)) continue;
                next[s] = lake.Moves(s, policy(s)).Sum(m => m.Probability * (m.Reward + (m.Terminated ? 0 : reach[m.NextState])));
            }
            reach = next;
        }
        return reach[lake.StartState];
    }
}
