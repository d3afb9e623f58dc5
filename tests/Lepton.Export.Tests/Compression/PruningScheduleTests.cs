using Lepton.Export.Compression;

namespace Lepton.Export.Tests.Compression;

public sealed class PruningScheduleTests
{
    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(10, 0.1)]
    [InlineData(35, 0.9 - (0.8 * 0.421875))]
    [InlineData(60, 0.8)]
    [InlineData(110, 0.9)]
    [InlineData(500, 0.9)]
    public void Polynomial_decay_follows_Zhu_and_Gupta(long step, double expected)
    {
        // s_t = s_f + (s_i − s_f)(1 − (t − t0)/(n·Δt))³ with t0 = 10, n·Δt = 100: at 35, (1 − 0.25)³ = 0.421875.
        var schedule = new PolynomialDecay(initialSparsity: 0.1, finalSparsity: 0.9, beginStep: 10, endStep: 110, frequency: 25);
        Assert.Equal(expected, schedule.SparsityAt(step), 12);
    }

    [Fact]
    public void Masks_update_every_frequency_steps_inside_the_range_and_always_at_the_end()
    {
        var schedule = new PolynomialDecay(0, 0.8, beginStep: 10, endStep: 100, frequency: 30);
        var steps = Enumerable.Range(0, 200).Where(s => schedule.PrunesAt(s)).ToArray();
        Assert.Equal([10, 40, 70, 100], steps);

        var uneven = new PolynomialDecay(0, 0.8, beginStep: 0, endStep: 50, frequency: 20);
        Assert.Equal([0, 20, 40, 50], Enumerable.Range(0, 200).Where(s => uneven.PrunesAt(s)).ToArray());
    }

    [Fact]
    public void Constant_sparsity_prunes_once_at_its_begin_step()
    {
        var schedule = new ConstantSparsity(0.5, beginStep: 3);
        Assert.Equal(0, schedule.SparsityAt(2));
        Assert.Equal(0.5, schedule.SparsityAt(3));
        Assert.Equal([3], Enumerable.Range(0, 100).Where(s => schedule.PrunesAt(s)).ToArray());
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.0, 1.5)]
    [InlineData(-0.1, 0.5)]
    [InlineData(0.0, double.NaN)]
    public void A_sparsity_outside_zero_to_one_is_refused(double initial, double final)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialDecay(initial, final, 0, 100));
        Assert.Contains("from 0 up to, not including, 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSparsity(1.0));
    }

    [Fact]
    public void An_end_before_the_begin_and_a_zero_frequency_are_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialDecay(0, 0.5, beginStep: 100, endStep: 50));
        Assert.Contains("before it begins", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialDecay(0, 0.5, 0, 100, frequency: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialDecay(0, 0.5, -1, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialDecay(0, 0.5, 0, 100, power: 0));
    }
}
