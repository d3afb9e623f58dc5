using Lepton.Zoo.Reinforcement;

namespace Lepton.Zoo.Tests.Reinforcement;

public sealed class CartPoleTests
{
    [Fact]
    public void Three_steps_match_Gymnasiums_equations_worked_by_hand()
    {
        var cart = new CartPole();
        cart.Reset(1);
        cart.SetState(0.01, -0.02, 0.03, 0.04);
        // Gymnasium's step with gravity 9.8, masses 1.0 and 0.1, half-length 0.5, force 10, tau 0.02, Euler:
        // temp = (F + m_p l θ̇² sin θ) / M, θ̈ = (g sin θ − cos θ temp) / (l (4/3 − m_p cos²θ / M)), ẍ = temp − m_p l θ̈ cos θ / M.
        double[][] expected =
        [
            [0.009600000000000001, 0.17467919574755525, 0.030799999999999998, -0.2430687179600081],
            [0.013093583914951107, -0.020868848948191993, 0.025938625640799837, 0.0591679999394166],
            [0.012676206935987267, 0.1738717748734813, 0.02712198563958817, -0.22521957255967326],
        ];
        int[] actions = [1, 0, 1];
        for (var i = 0; i < 3; i++)
        {
            var step = cart.Step(actions[i]);
            for (var k = 0; k < 4; k++)
            {
                Assert.Equal(expected[i][k], cart.State[k], 12);
                Assert.Equal((float)expected[i][k], step.Observation[k]);
            }
            Assert.Equal((1.0, false, false), (step.Reward, step.Terminated, step.Truncated));
        }
    }

    [Fact]
    public void A_push_from_rest_accelerates_the_cart_and_tips_the_pole_back()
    {
        var cart = new CartPole();
        cart.Reset(1);
        cart.SetState(0, 0, 0, 0);
        cart.Step(1);
        // temp = 10 / 1.1; θ̈ = −temp / (0.5 (4/3 − 0.1 / 1.1)) = −14.634146…; ẍ = temp − 0.05 θ̈ / 1.1 = 9.756097…
        Assert.Equal(0, cart.State[0], 12);
        Assert.Equal(0.02 * 9.7560975609756, cart.State[1], 10);
        Assert.Equal(0, cart.State[2], 12);
        Assert.Equal(0.02 * -14.634146341463, cart.State[3], 10);
    }

    [Fact]
    public void The_episode_terminates_past_12_degrees_or_2_point_4_and_still_pays_the_last_step()
    {
        var cart = new CartPole();
        Assert.Equal(12 * Math.PI / 180, CartPole.ThetaThreshold, 15);
        Assert.InRange(CartPole.ThetaThreshold, 0.2094, 0.2095);
        cart.Reset(1);
        cart.SetState(0, 0, 0.2094, 1.0);
        var step = cart.Step(0);
        Assert.Equal((1.0, true, false), (step.Reward, step.Terminated, step.Truncated));
        Assert.Throws<InvalidOperationException>(() => cart.Step(0));

        cart.Reset();
        cart.SetState(-2.399, -1.0, 0, 0);
        Assert.True(cart.Step(0).Terminated);
        cart.Reset();
        cart.SetState(2.3, 1.0, 0, 0);
        Assert.False(cart.Step(1).Terminated);
    }

    [Fact]
    public void Resets_start_uniformly_within_five_hundredths_and_the_time_limit_is_500_steps()
    {
        var cart = new CartPole();
        Assert.Equal(500, cart.MaxEpisodeSteps);
        cart.Reset(9);
        var starts = Enumerable.Range(0, 2000).Select(_ => cart.Reset()).ToList();
        Assert.All(starts, s => Assert.All(s, v => Assert.InRange(v, -0.05f, 0.05f)));
        Assert.InRange(starts.Average(s => s[2]), -0.005, 0.005);
        Assert.InRange(starts.Max(s => s[0]), 0.045f, 0.05f);
        Assert.True(cart.ObservationSpace.Contains(starts[0]));

        var short_ = new CartPole(maxEpisodeSteps: 3);
        short_.Reset(1);
        short_.Step(0);
        short_.Step(1);
        var last = short_.Step(0);
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);
    }

    [Fact]
    public void An_action_outside_the_two_pushes_is_an_error_naming_the_space()
    {
        var cart = new CartPole();
        cart.Reset(1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => cart.Step(2));
        Assert.Contains("CartPole-v1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Discrete(2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_box_holds_vectors_within_their_bounds_and_samples_inside_them()
    {
        var box = new Box(-1f, 2f, 3);
        Assert.True(box.Contains([0f, -1f, 2f]));
        Assert.False(box.Contains([0f, 3f, 0f]));
        Assert.False(box.Contains([0f, 0f]));
        Assert.False(box.Contains([float.NaN, 0f, 0f]));
        var random = new Random(1);
        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(box.Contains(box.Sample(random))));
        var open = new Box([float.NegativeInfinity, 0f], [float.PositiveInfinity, float.PositiveInfinity]);
        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(open.Contains(open.Sample(random))));
        Assert.Throws<ArgumentException>(() => new Box([1f], [0f]));
        Assert.Contains("shape (3)", box.ToString(), StringComparison.Ordinal);
    }
}
