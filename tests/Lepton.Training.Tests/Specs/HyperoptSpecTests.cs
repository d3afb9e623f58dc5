using System.Text.Json.Nodes;
using Lepton.Training.Automatic;
using Lepton.Training.Specs;

namespace Lepton.Training.Tests.Specs;

public sealed class HyperoptSpecTests
{
    private const string Base = "input_features:\n  - name: age\n    type: number\noutput_features:\n  - name: churn\n    type: binary\n";

    [Fact]
    public void A_hyperopt_section_reads_in_ludwigs_vocabulary()
    {
        var spec = TrainingSpec.Parse(Base + """
            hyperopt:
              goal: maximize
              metric: accuracy
              split: cross_validation
              folds: 3
              search_alg: {type: random, seed: 7}
              pruner: asha
              executor: {num_samples: 12, max_concurrent_trials: 2, time_budget_s: 600}
              parameters:
                trainer.learning_rate: {space: loguniform, lower: 0.0001, upper: 0.1}
                combiner.fc_layers:
                  space: choice
                  categories: [[64], [128, 64]]
                gbm.num_leaves: {space: qrandint, lower: 8, upper: 64, q: 8, when: {model_type: gbm}}
                model_type: {space: grid_search, values: [nn, gbm]}
            """, "spec.yaml");
        var h = spec.Hyperopt!;
        Assert.Equal(("maximize", "accuracy", "cross_validation", 3), (h.Goal, h.Metric, h.Split, h.Folds));
        Assert.Equal(("random", 7, "successive_halving"), (h.SearchAlgorithm, h.Seed, h.Pruner));
        Assert.Equal((12, 2, TimeSpan.FromMinutes(10)), (h.Trials!.Value, h.MaxParallel, h.TimeLimit!.Value));
        Assert.Equal(["trainer.learning_rate", "combiner.fc_layers", "gbm.num_leaves", "model_type"], h.Parameters.Select(p => p.Path));
        Assert.Equal((0.0001, 0.1), (h.Parameters[0].Lower!.Value, h.Parameters[0].Upper!.Value));
        Assert.Equal("[128,64]", h.Parameters[1].Values[1]!.ToJsonString());
        Assert.Equal(("model_type", "gbm"), (h.Parameters[2].WhenPath, h.Parameters[2].WhenValues[0]!.GetValue<string>()));
        Assert.Equal(("gbm", "nn", null), (h.Parameters[2].Family, h.Parameters[0].Family, h.Parameters[3].Family));
        Assert.Contains("spec.yaml, line 20, column 5", h.Parameters[2].Where);
    }

    [Theory]
    [InlineData("hyperopt:\n  parameters:\n    trainer.learnin_rate: {space: uniform, lower: 0.1, upper: 1}\n", 9, 5, "'trainer.learnin_rate' names nothing in the spec. Did you mean 'trainer.learning_rate'")]
    [InlineData("hyperopt:\n  parameters:\n    trainer.epochs: {space: choice, categories: []}\n", 9, 49, "is empty: a choice needs at least one value")]
    [InlineData("hyperopt:\n  parameters:\n    trainer.epochs: {space: randomint, lower: 1, upper: 3}\n", 9, 29, "'randomint' is not a valid hyperopt.parameters.trainer.epochs.space. Did you mean 'randint'")]
    [InlineData("hyperopt:\n  metric: acuracy\n  parameters:\n    trainer.epochs: {space: randint, lower: 1, upper: 3}\n", 8, 11, "Did you mean 'accuracy'?")]
    [InlineData("hyperopt:\n  split: test\n  parameters:\n    trainer.epochs: {space: randint, lower: 1, upper: 3}\n", 8, 10, "would leave no unseen rows")]
    [InlineData("hyperopt:\n  parameters:\n    trainer.epochs: {space: quniform, lower: 1, upper: 3}\n", 9, 21, "has no 'q' (the step)")]
    [InlineData("hyperopt:\n  goal: minimize\n", 8, 3, "hyperopt has no 'parameters'")]
    public void A_hyperopt_mistake_names_its_line_and_column(string section, int line, int column, string message)
    {
        var e = Assert.Throws<TrainingException>(() => TrainingSpec.Parse(Base + section, "spec.yaml"));
        Assert.Contains($"spec.yaml, line {line}, column {column}:", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void With_sets_values_at_dotted_paths_and_checks_them_as_the_file_would()
    {
        var spec = TrainingSpec.Parse(Base + "trainer:\n  optimizer: adam\n", "spec.yaml");
        var changed = spec.With(new Dictionary<string, JsonNode?>
        {
            ["trainer.learning_rate"] = 0.003,
            ["trainer.optimizer.momentum"] = 0.9,
            ["combiner.fc_layers"] = JsonNode.Parse("[64, {\"output_size\": 32}]"),
            ["gbm.num_leaves"] = 15,
        });
        var yaml = changed.ToYaml();
        Assert.Contains("learning_rate: 0.003", yaml);
        Assert.Contains("momentum: 0.9", yaml);
        Assert.Contains("type: adam", yaml);
        Assert.Contains("num_leaves: 15", yaml);
        var refused = Assert.Throws<TrainingException>(() => spec.With(new Dictionary<string, JsonNode?> { ["trainer.epochs"] = 2.5 }));
        Assert.Contains("with trainer.epochs = 2.5: trainer.epochs must be a whole number, not '2.5'", refused.Message);
        Assert.DoesNotContain("line", refused.Message);
        var nowhere = Assert.Throws<TrainingException>(() => spec.With(new Dictionary<string, JsonNode?> { ["trainer.speed"] = 1 }));
        Assert.Contains("'trainer.speed' names nothing in the spec", nowhere.Message);
    }
}
