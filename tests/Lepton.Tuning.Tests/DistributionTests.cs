using System.Text.Json.Nodes;
using Lepton.Tuning.Spaces;

namespace Lepton.Tuning.Tests;

public sealed class DistributionTests
{
    [Fact]
    public void A_stepped_float_range_ends_on_its_grid_and_rounds_to_it()
    {
        var q = new FloatDistribution(0, 1.05, step: 0.1);
        Assert.Equal(1.0, q.High, 9);
        Assert.Equal(0.3, q.Round(0.27), 9);
        Assert.Equal(1.0, q.Round(7), 9);
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            var x = q.SampleUniform(random);
            Assert.Equal(Math.Round(x * 10), x * 10, 6);
        }
    }

    [Fact]
    public void A_log_range_is_uniform_in_log_space()
    {
        var lr = new FloatDistribution(1e-5, 1e-1, log: true);
        var random = new Random(2);
        var draws = Enumerable.Range(0, 4000).Select(_ => lr.SampleUniform(random)).Order().ToArray();
        Assert.All(draws, x => Assert.InRange(x, 1e-5, 1e-1));
        // The median of a log-uniform draw is the geometric mean of the ends, 1e-3; a plain uniform's would be near 0.05.
        Assert.InRange(draws[2000], 6e-4, 1.6e-3);
    }

    [Fact]
    public void A_log_integer_range_reaches_both_ends()
    {
        var units = new IntDistribution(1, 8, log: true);
        var random = new Random(3);
        var seen = Enumerable.Range(0, 3000).Select(_ => (long)units.SampleUniform(random)).ToHashSet();
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], seen.Order());
    }

    [Fact]
    public void An_integer_step_keeps_values_on_the_grid()
    {
        var batch = new IntDistribution(16, 130, step: 16);
        Assert.Equal(128, batch.High);
        var random = new Random(4);
        Assert.All(Enumerable.Range(0, 300).Select(_ => batch.SampleUniform(random)), x => Assert.Equal(0, (x - 16) % 16));
        Assert.True(batch.Contains(64));
        Assert.False(batch.Contains(65));
    }

    [Theory]
    [InlineData(2.0, 1.0, false, "above its high")]
    [InlineData(0.0, 1.0, true, "low above 0")]
    public void An_empty_or_impossible_float_range_is_refused(double low, double high, bool log, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new FloatDistribution(low, high, log));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_choice_needs_values_and_no_value_twice()
    {
        Assert.Contains("at least one value", Assert.Throws<ArgumentException>(() => new CategoricalDistribution([])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new CategoricalDistribution([JsonValue.Create("adam"), JsonValue.Create("adam")])).Message);
    }

    [Fact]
    public void A_choice_holds_lists_and_objects_and_finds_them_by_value()
    {
        var layers = new CategoricalDistribution([JsonNode.Parse("[{\"output_size\": 64}]"), JsonNode.Parse("[{\"output_size\": 128}, {\"output_size\": 64}]"), null]);
        Assert.Equal(1, layers.ToInternal(JsonNode.Parse("[{\"output_size\": 128}, {\"output_size\": 64}]")));
        Assert.Equal(2, layers.ToInternal(null));
        Assert.Null(layers.ToInternal(JsonValue.Create(64)));
        Assert.Equal("[{\"output_size\":64}]", layers.ToValue(0)!.ToJsonString());
    }

    [Fact]
    public void Every_distribution_survives_a_json_round_trip()
    {
        Distribution[] all =
        [
            new FloatDistribution(0.1, 0.9), new FloatDistribution(1e-4, 1, log: true), new FloatDistribution(0, 1, step: 0.25),
            new IntDistribution(1, 10), new IntDistribution(1, 1024, log: true), new IntDistribution(8, 64, step: 8),
            new CategoricalDistribution([JsonValue.Create("adam"), JsonValue.Create(3), JsonValue.Create(true), JsonNode.Parse("[1,2]")]),
        ];
        foreach (var d in all) Assert.True(JsonNode.DeepEquals(d.ToJson(), Distribution.FromJson(d.ToJson()).ToJson()), d.ToString());
    }
}
