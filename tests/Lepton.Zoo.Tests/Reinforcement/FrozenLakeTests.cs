using Lepton.Zoo.Reinforcement;

namespace Lepton.Zoo.Tests.Reinforcement;

public sealed class FrozenLakeTests
{
    [Fact]
    public void Slippery_moves_go_as_intended_or_to_either_side_a_third_each_as_Gymnasium_counted_over_many_steps()
    {
        var lake = new FrozenLake();
        // From the start (0, top left), Gymnasium tries (a − 1) mod 4, a and (a + 1) mod 4 with 1/3 each; off the grid stays put.
        // Down: left (stays at 0), down (4), right (1). Right: down (4), right (1), up (stays at 0). Left: up (0), left (0), down (4).
        AssertFrequencies(lake, FrozenLake.Down, new() { [0] = 1 / 3.0, [4] = 1 / 3.0, [1] = 1 / 3.0 });
        AssertFrequencies(lake, FrozenLake.Right, new() { [4] = 1 / 3.0, [1] = 1 / 3.0, [0] = 1 / 3.0 });
        AssertFrequencies(lake, FrozenLake.Left, new() { [0] = 2 / 3.0, [4] = 1 / 3.0 });
        AssertFrequencies(lake, FrozenLake.Up, new() { [0] = 2 / 3.0, [1] = 1 / 3.0 });
    }

    [Fact]
    public void The_transition_table_follows_Gymnasiums_rules_in_every_cell()
    {
        var lake = new FrozenLake();
        string cells = "SFFFFHFHFFFHHFFG";
        for (var s = 0; s < 16; s++)
        {
            for (var a = 0; a < 4; a++)
            {
                var moves = lake.Moves(s, a);
                if (cells[s] is 'H' or 'G')
                {
                    Assert.Equal(new FrozenLakeMove(1.0, s, 0, true), Assert.Single(moves));
                    continue;
                }
                Assert.Equal(3, moves.Count);
                int[] tried = [(a + 3) % 4, a, (a + 1) % 4];
                for (var i = 0; i < 3; i++)
                {
                    var (row, col) = (s / 4, s % 4);
                    (row, col) = tried[i] switch
                    {
                        0 => (row, Math.Max(col - 1, 0)),
                        1 => (Math.Min(row + 1, 3), col),
                        2 => (row, Math.Min(col + 1, 3)),
                        _ => (Math.Max(row - 1, 0), col),
                    };
                    var next = row * 4 + col;
                    Assert.Equal(new FrozenLakeMove(1 / 3.0, next, cells[next] == 'G' ? 1 : 0, cells[next] is 'H' or 'G'), moves[i]);
                }
            }
        }
    }

    [Fact]
    public void Reaching_the_goal_pays_one_and_ends_the_episode_and_a_hole_ends_it_with_nothing()
    {
        var lake = new FrozenLake(slippery: false);
        lake.Reset(1);
        StepResult<int> step = default;
        foreach (var action in new[] { FrozenLake.Right, FrozenLake.Right, FrozenLake.Down, FrozenLake.Down, FrozenLake.Down })
        {
            step = lake.Step(action);
            Assert.Equal(0, step.Reward);
            Assert.False(step.Done);
        }
        step = lake.Step(FrozenLake.Right);
        Assert.Equal((15, 1.0, true, false), (step.Observation, step.Reward, step.Terminated, step.Truncated));

        lake.Reset();
        lake.Step(FrozenLake.Down);
        step = lake.Step(FrozenLake.Right);
        Assert.Equal((5, 0.0, true, false), (step.Observation, step.Reward, step.Terminated, step.Truncated));
        Assert.Equal('H', lake.CellAt(5));
    }

    [Fact]
    public void The_time_limit_truncates_at_100_steps_and_a_step_after_the_end_is_an_error()
    {
        var lake = new FrozenLake(slippery: false);
        Assert.Equal(100, lake.MaxEpisodeSteps);
        lake.Reset(3);
        for (var i = 1; i < 100; i++) Assert.False(lake.Step(FrozenLake.Left).Done);
        var last = lake.Step(FrozenLake.Left);
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);
        var error = Assert.Throws<InvalidOperationException>(() => lake.Step(FrozenLake.Left));
        Assert.Contains("after the episode ended", error.Message, StringComparison.Ordinal);
        Assert.Contains("Reset", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, lake.Reset());
        Assert.False(lake.Step(FrozenLake.Left).Done);
    }

    [Fact]
    public void An_action_outside_the_space_or_a_step_before_reset_is_an_error_that_says_what_to_do()
    {
        var lake = new FrozenLake();
        var early = Assert.Throws<InvalidOperationException>(() => lake.Step(0));
        Assert.Contains("before Reset", early.Message, StringComparison.Ordinal);
        lake.Reset(1);
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => lake.Step(4));
        Assert.Contains("action 4", bad.Message, StringComparison.Ordinal);
        Assert.Contains("Discrete(4)", bad.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => lake.Step(-1));
        Assert.Throws<ArgumentException>(() => new FrozenLake(["SFX", "FFG"]));
        Assert.Throws<ArgumentException>(() => new FrozenLake(["FFF", "FFG"]));
    }

    [Fact]
    public void The_same_seed_replays_the_same_episode()
    {
        static int[] Walk(int seed)
        {
            var lake = new FrozenLake(maxEpisodeSteps: 20);
            var path = new List<int> { lake.Reset(seed) };
            StepResult<int> step;
            do
            {
                step = lake.Step(FrozenLake.Right);
                path.Add(step.Observation);
            } while (!step.Done);
            return [.. path];
        }

        Assert.Equal(Walk(7), Walk(7));
        Assert.Contains(Enumerable.Range(0, 20), seed => !Walk(seed).SequenceEqual(Walk(7)));
    }

    private static void AssertFrequencies(FrozenLake lake, int action, Dictionary<int, double> expected)
    {
        const int trials = 30_000;
        var counts = new Dictionary<int, int>();
        lake.Reset(42);
        for (var i = 0; i < trials; i++)
        {
            lake.Reset();
            var next = lake.Step(action).Observation;
            counts[next] = counts.GetValueOrDefault(next) + 1;
        }
        Assert.Equal(expected.Keys.Order(), counts.Keys.Order());
        // Five standard errors of a proportion near 1/3 over 30,000 draws is about 0.014.
        foreach (var (state, p) in expected) Assert.InRange(counts[state] / (double)trials, p - 0.014, p + 0.014);
    }
}
