using System.Text.Json.Nodes;
using Lepton.Tuning.Spaces;

namespace Lepton.Tuning.Tests;

public sealed class SearchSpaceTests
{
    internal static SearchSpace Conditional() => new SearchSpace()
        .Add("model_type", new CategoricalDistribution([JsonValue.Create("nn"), JsonValue.Create("gbm")]))
        .Add("trainer.learning_rate", new FloatDistribution(1e-4, 1e-1, log: true))
        .Add("gbm.num_leaves", new IntDistribution(4, 64, log: true), new ParameterCondition("model_type", [JsonValue.Create("gbm")]))
        .Add("gbm.lambda_l2", new FloatDistribution(0, 10), new ParameterCondition("model_type", [JsonValue.Create("gbm")]))
        .Add("combiner.num_fc_layers", new IntDistribution(1, 4), new ParameterCondition("model_type", [JsonValue.Create("nn")]));

    [Fact]
    public void A_condition_decides_whether_a_parameter_exists()
    {
        var space = Conditional();
        var gbm = new Dictionary<string, double> { ["model_type"] = 1 };
        var nn = new Dictionary<string, double> { ["model_type"] = 0 };
        Assert.True(space.IsActive(space["gbm.num_leaves"], gbm));
        Assert.False(space.IsActive(space["gbm.num_leaves"], nn));
        Assert.True(space.IsActive(space["combiner.num_fc_layers"], nn));
        Assert.True(space.IsActive(space["trainer.learning_rate"], nn));
    }

    [Fact]
    public void A_condition_on_a_later_or_unknown_parameter_or_an_impossible_value_is_refused()
    {
        var space = new SearchSpace().Add("a", new IntDistribution(1, 3));
        var unknown = Assert.Throws<ArgumentException>(() => space.Add("b", new IntDistribution(1, 2), new ParameterCondition("c", [JsonValue.Create(1)])));
        Assert.Contains("'c', which is not an earlier parameter", unknown.Message);
        Assert.Contains("(it has a)", unknown.Message);
        var impossible = Assert.Throws<ArgumentException>(() => space.Add("b", new IntDistribution(1, 2), new ParameterCondition("a", [JsonValue.Create(7)])));
        Assert.Contains("never takes that value", impossible.Message);
        Assert.Contains("has a parameter 'a' already", Assert.Throws<ArgumentException>(() => space.Add("a", new IntDistribution(1, 2))).Message);
    }

    [Fact]
    public void A_space_survives_a_json_round_trip_and_compares_by_content()
    {
        var space = Conditional();
        var back = SearchSpace.FromJson(space.ToJson());
        Assert.True(space.SameAs(back));
        Assert.False(space.SameAs(new SearchSpace().Add("model_type", new CategoricalDistribution([JsonValue.Create("nn")]))));
    }
}
