using System.Text.Json.Nodes;
using Lepton.Tuning.Importance;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Tests.Importance;

public sealed class FanovaImportanceTests
{
    private static SearchSpace Three() => new SearchSpace()
        .Add("x", new FloatDistribution(0, 1))
        .Add("lr", new FloatDistribution(1e-5, 1e-1, log: true))
        .Add("act", new CategoricalDistribution(["relu", "tanh", "gelu"]));

    /// <summary>A study of <paramref name="n"/> complete trials drawn uniformly, valued by <paramref name="objective"/>.</summary>
    internal static StudySnapshot Study(SearchSpace space, int n, Func<IReadOnlyDictionary<string, double>, double> objective, int seed = 7)
    {
        var random = new Random(seed);
        var trials = new List<TrialRecord>();
        for (var i = 0; i < n; i++)
        {
            var drawn = new Dictionary<string, double>();
            foreach (var p in space)
            {
                if (space.IsActive(p, drawn)) drawn[p.Name] = p.Distribution.SampleUniform(random);
            }
            trials.Add(new TrialRecord { Id = i + 1, Number = i, State = TrialState.Complete, Value = objective(drawn), Parameters = drawn });
        }
        return new StudySnapshot(new StudyInfo { Id = 1, Name = "synthetic", Direction = StudyDirection.Minimize, Space = space }, trials);
    }

    [Fact]
    public void The_one_parameter_that_matters_gets_most_of_the_importance()
    {
        var study = Study(Three(), 60, p => 10 * (p["x"] - 0.3) * (p["x"] - 0.3));

        var importances = FanovaImportance.Compute(study);

        Assert.Equal(["act", "lr", "x"], importances.Select(i => i.Parameter).Order(StringComparer.Ordinal));
        Assert.Equal("x", importances[0].Parameter);
        Assert.Equal(1.0, importances.Sum(i => i.Importance), 9);
        Assert.True(importances[0].Importance > 0.9, $"x got {importances[0].Importance}");
    }

    [Fact]
    public void A_log_scaled_parameter_and_a_choice_are_found_when_they_matter()
    {
        var byLr = FanovaImportance.Compute(Study(Three(), 60, p => Math.Abs(Math.Log10(p["lr"]) + 3)));
        var byAct = FanovaImportance.Compute(Study(Three(), 60, p => p["act"] == 1 ? 1.0 : 0.0));

        Assert.Equal("lr", byLr[0].Parameter);
        Assert.True(byLr[0].Importance > 0.8, $"lr got {byLr[0].Importance}");
        Assert.Equal("act", byAct[0].Parameter);
        Assert.True(byAct[0].Importance > 0.8, $"act got {byAct[0].Importance}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_importances_and_another_seed_others()
    {
        var study = Study(Three(), 40, p => p["x"] + 0.3 * Math.Log(p["lr"]) + p["act"]);

        var first = FanovaImportance.Compute(study, seed: 3);
        var again = FanovaImportance.Compute(study, seed: 3);
        var other = FanovaImportance.Compute(study, seed: 4);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(i => i.Importance), other.Select(i => i.Importance));
    }

    [Fact]
    public void Conditional_parameters_are_judged_on_the_trials_where_they_exist()
    {
        var space = new SearchSpace()
            .Add("model", new CategoricalDistribution(["nn", "gbm"]))
            .Add("width", new IntDistribution(8, 512, log: true), new ParameterCondition("model", [JsonValue.Create("nn")]))
            .Add("leaves", new IntDistribution(4, 256), new ParameterCondition("model", [JsonValue.Create("gbm")]))
            .Add("noise", new FloatDistribution(0, 1));
        var study = Study(space, 80, p => p.TryGetValue("leaves", out var l) ? Math.Abs(l - 64) / 256.0 : 3.0);

        var everywhere = FanovaImportance.Compute(study);
        var gbm = FanovaImportance.Compute(study, ["leaves", "noise"]);

        Assert.Equal(["model", "noise"], everywhere.Select(i => i.Parameter).Order(StringComparer.Ordinal));
        Assert.Equal("model", everywhere[0].Parameter);
        Assert.Equal("leaves", gbm[0].Parameter);
        Assert.True(gbm[0].Importance > 0.8, $"leaves got {gbm[0].Importance}");
    }

    [Fact]
    public void Too_few_trials_or_a_flat_objective_give_no_importances_and_an_unknown_name_is_an_error()
    {
        Assert.Empty(FanovaImportance.Compute(Study(Three(), 1, p => p["x"])));
        Assert.Empty(FanovaImportance.Compute(Study(Three(), 20, p => 4.0)));
        var error = Assert.Throws<ArgumentException>(() => FanovaImportance.Compute(Study(Three(), 5, p => p["x"]), ["x", "depth"]));
        Assert.Contains("no parameter 'depth' (it has x, lr, act)", error.Message);
    }
}
