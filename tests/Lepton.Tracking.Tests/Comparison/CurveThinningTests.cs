using Lepton.Tracking.Comparison;

namespace Lepton.Tracking.Tests.Comparison;

public sealed class CurveThinningTests
{
    private static List<CurvePoint> Curve(int count, Func<int, double> value) =>
        Enumerable.Range(0, count).Select(i => new CurvePoint(i, value(i))).ToList();

    [Fact]
    public void A_short_curve_is_kept_as_it_is()
    {
        var curve = Curve(10, i => i);
        Assert.Same(curve, CurveThinning.MinMaxPerBucket(curve, 10));
    }

    [Theory]
    [InlineData(100_000, 1000)]
    [InlineData(1001, 1000)]
    [InlineData(37, 4)]
    [InlineData(5, 4)]
    public void A_long_curve_keeps_its_ends_and_extremes_in_order_within_the_limit(int count, int maxPoints)
    {
        var random = new Random(count);
        var curve = Curve(count, _ => random.NextDouble());
        // The minimum and maximum sit inside, away from the ends and from each other.
        curve[count / 3] = new CurvePoint(count / 3, -10);
        curve[2 * count / 3] = new CurvePoint(2 * count / 3, 10);

        var thinned = CurveThinning.MinMaxPerBucket(curve, maxPoints);

        Assert.InRange(thinned.Count, 3, maxPoints);
        Assert.Equal(curve[0], thinned[0]);
        Assert.Equal(curve[^1], thinned[^1]);
        Assert.Contains(curve[count / 3], thinned);
        Assert.Contains(curve[2 * count / 3], thinned);
        Assert.True(thinned.Zip(thinned.Skip(1)).All(p => p.First.X < p.Second.X), "the points stay in x order, each once");
    }

    [Fact]
    public void Every_bucket_keeps_its_low_and_high_so_a_spike_beside_another_survives()
    {
        // Two spikes next to each other in a flat line: both are kept.
        var curve = Curve(1000, i => i switch { 500 => 3, 501 => -3, _ => 0 });
        var thinned = CurveThinning.MinMaxPerBucket(curve, 100);
        Assert.Contains(new CurvePoint(500, 3), thinned);
        Assert.Contains(new CurvePoint(501, -3), thinned);
    }

    [Fact]
    public void A_history_keeps_each_buckets_finite_extremes_and_a_bucket_of_nan_keeps_its_first_point()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var history = Enumerable.Range(0, 1000).Select(i => new MetricPoint("loss",
            i is >= 500 and < 600 ? double.NaN : i == 250 ? double.PositiveInfinity : i == 251 ? 9 : 1.0 / (i + 1), i, null, t0)).ToList();

        var thinned = CurveThinning.MinMaxPerBucket(history, 22);

        Assert.InRange(thinned.Count, 12, 22);
        Assert.Equal(0, thinned[0].Step);
        Assert.Equal(999, thinned[^1].Step);
        Assert.Contains(thinned, p => p.Step == 251);
        Assert.DoesNotContain(thinned, p => double.IsInfinity(p.Value));
        Assert.Contains(thinned, p => double.IsNaN(p.Value) && p.Step == 500);
    }
}
