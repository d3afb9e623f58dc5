using System.Globalization;
using System.Text;
using Lepton.Data.Tables;
using Lepton.Training.Automatic;
using Lepton.Training.Specs;
using Lepton.Training.Tuning;
using Lepton.Tuning;
using Lepton.Tuning.Pruners;
using Lepton.Tuning.Studies;

namespace Lepton.Training.Tests.Tuning;

public sealed class SpecTunerTests
{
    private const string Features = """
        input_features:
          - name: age
            type: number
          - name: plan
            type: category
          - name: spend
            type: number
        output_features:
          - name: churn
            type: binary
        trainer:
          epochs: 4
          batch_size: 32
          time_limit: 20s

        """;

    private static string Customers(TempFolder folder, int rows = 300)
    {
        var random = new Random(5);
        var text = new StringBuilder("age,plan,spend,churn\n");
        for (var i = 0; i < rows; i++)
        {
            var age = 18 + random.Next(60);
            var spend = Math.Round(random.NextDouble() * 100, 2);
            var plan = random.Next(3) switch { 0 => "basic", 1 => "plus", _ => "pro" };
            var score = (age - 45) / 15.0 + (plan == "basic" ? 1 : plan == "pro" ? -1 : 0) + (spend - 50) / 40 + (random.NextDouble() - 0.5);
            text.Append(CultureInfo.InvariantCulture, $"{age},{plan},{spend},{(score > 0 ? "leave" : "stay")}\n");
        }
        return folder.Write("customers.csv", text.ToString());
    }

    [Fact]
    public async Task A_spec_is_tuned_with_conditional_parameters_and_its_best_trial_retrained_on_held_out_test_rows()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Customers(folder));
        var spec = TrainingSpec.Parse(Features + """
            hyperopt:
              metric: accuracy
              search_alg: {type: random, seed: 3}
              executor: {num_trials: 6}
              parameters:
                model_type: {space: choice, categories: [nn, gbm]}
                trainer.learning_rate: {space: loguniform, lower: 0.001, upper: 0.1}
                gbm.num_leaves: {space: randint, lower: 4, upper: 16}
            """, "spec.yaml");
        var tuner = new SpecTuner(spec, table);
        Assert.Equal(StudyDirection.Maximize, tuner.Direction);
        Assert.Equal(["model_type", "trainer.learning_rate", "gbm.num_leaves"], tuner.Space.Select(p => p.Name));
        Assert.Equal(300, tuner.TrainingRows + tuner.ScoringRows + tuner.TestRows);
        var result = await new Tuner(tuner.Options("customers", new InMemoryStudyStore())).OptimizeAsync(tuner.Space, trial => tuner.Score(trial));
        Assert.Equal(6, result.Count(TrialState.Complete));
        Assert.All(result.Trials, t =>
        {
            var gbm = t.Parameters["model_type"] == 1;
            Assert.Equal(gbm, t.Parameters.ContainsKey("gbm.num_leaves"));
            Assert.Equal(!gbm, t.Parameters.ContainsKey("trainer.learning_rate"));
            Assert.InRange(t.Value!.Value, 0.5, 1.0);
        });
        using var final = tuner.TrainFinal(result.BestParameters);
        Assert.Equal(tuner.TestRows, final.TestRows);
        Assert.True(final.TestMetrics["accuracy"] > 0.7, $"test accuracy {final.TestMetrics["accuracy"]}");
    }

    [Fact]
    public async Task Cross_validation_reports_the_running_mean_after_each_fold()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Customers(folder));
        var spec = TrainingSpec.Parse(Features + """
            model_type: gbm
            hyperopt:
              split: cross_validation
              folds: 3
              metric: loss
              pruner: none
              executor: {num_trials: 2}
              parameters:
                gbm.num_leaves: {space: choice, categories: [4, 8]}
            """, "spec.yaml");
        var tuner = new SpecTuner(spec, table);
        Assert.Equal(StudyDirection.Minimize, tuner.Direction);
        Assert.Contains("mean of 3-fold cross-validation", tuner.DescribeScoring());
        // 240 development rows: a fold trains on 160, and the default validation share (0.16 / 0.8) of those, 32, are its model's own validation rows.
        Assert.Equal(128, tuner.FittingRows);
        Assert.Contains("each fold's model gets 160 training rows and fits on about 128 of them; the other 32, the spec's validation share", tuner.DescribeScoring());
        var result = await new Tuner(tuner.Options("cv", new InMemoryStudyStore())).OptimizeAsync(tuner.Space, trial => tuner.Score(trial));
        Assert.All(result.Trials, t =>
        {
            Assert.Equal(TrialState.Complete, t.State);
            Assert.Equal([0, 1, 2], t.Intermediate.Keys.Order());
            Assert.Equal(t.Value!.Value, t.Intermediate[2], 9);
        });
    }

    [Fact]
    public async Task A_tree_trial_reports_its_validation_loss_every_boosting_round()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Customers(folder));
        var spec = TrainingSpec.Parse(Features + """
            model_type: gbm
            gbm: {num_boost_round: 300, early_stop: 10, learning_rate: 0.3}
            hyperopt:
              metric: loss
              pruner: none
              executor: {num_trials: 1}
              parameters:
                gbm.num_leaves: {space: choice, categories: [4]}
            """, "spec.yaml");
        var tuner = new SpecTuner(spec, table);
        var result = await new Tuner(tuner.Options("rounds", new InMemoryStudyStore())).OptimizeAsync(tuner.Space, trial => tuner.Score(trial));
        var trial = Assert.Single(result.Trials);
        Assert.Equal(TrialState.Complete, trial.State);
        // Every round's loss on the rows the trees stop early on, until early stopping gave up 10 rounds after the best one.
        Assert.Equal(Enumerable.Range(0, trial.Intermediate.Count), trial.Intermediate.Keys.Order());
        Assert.InRange(trial.Intermediate.Count, 11, 300);
        var best = trial.Intermediate.Values.Min();
        Assert.Equal(trial.Intermediate.Count - 11, trial.Intermediate.First(p => p.Value == best).Key);
    }

    [Fact]
    public void A_tree_trial_is_judged_by_the_median_only_after_its_early_stopping_patience()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Customers(folder));
        var gbm = new SpecTuner(TrainingSpec.Parse(Features + """
            model_type: gbm
            gbm: {early_stop: 30}
            hyperopt:
              parameters:
                gbm.num_leaves: {space: choice, categories: [4, 8]}
            """, "spec.yaml"), table);
        Assert.Equal(30, Assert.IsType<MedianPruner>(gbm.Pruner()).WarmupSteps);

        var both = new SpecTuner(TrainingSpec.Parse(Features + """
            gbm: {early_stop: 30}
            hyperopt:
              parameters:
                model_type: {space: choice, categories: [nn, gbm]}
                gbm.num_leaves: {space: choice, categories: [4, 8]}
            """, "spec.yaml"), table);
        var perChoice = Assert.IsType<PerChoicePruner>(both.Pruner());
        Assert.Equal("model_type", perChoice.Parameter);
        Assert.Equal(0, Assert.IsType<MedianPruner>(perChoice.Inner).WarmupSteps);
        Assert.Equal(30, Assert.IsType<MedianPruner>(perChoice.ByChoice["gbm"]).WarmupSteps);
    }

    [Theory]
    [InlineData("hyperopt:\n  metric: r2\n  parameters:\n    trainer.epochs: {space: randint, lower: 1, upper: 3}\n", "hyperopt.metric 'r2' is not a classification metric")]
    [InlineData("hyperopt:\n  parameters:\n    gbm.num_leaves: {space: randint, lower: 4, upper: 9}\n", "'gbm.num_leaves' is a gbm setting, but the spec trains nn")]
    [InlineData("hyperopt:\n  parameters:\n    trainer.epochs: {space: choice, categories: [2, ten]}\n", "hyperopt.parameters.trainer.epochs can be \"ten\", which the spec refuses")]
    [InlineData("hyperopt:\n  parameters:\n    trainer.learning_rate: {space: uniform, lower: 0.5, upper: 0.1}\n", "is above its high")]
    [InlineData("hyperopt:\n  parameters:\n    model_type: {space: choice, categories: [nn]}\n    gbm.num_leaves: {space: randint, lower: 4, upper: 9}\n", "the searched model_type never picks gbm")]
    public void A_section_that_cannot_run_is_refused_before_any_trial(string section, string message)
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Customers(folder, rows: 60));
        var spec = TrainingSpec.Parse(Features + section, "spec.yaml");
        var e = Assert.Throws<TrainingException>(() => new SpecTuner(spec, table));
        Assert.Contains(message, e.Message);
    }
}
