using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Layers;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using Lepton.Training.Specs;
using Lepton.Training.Tests.Automatic;

namespace Lepton.Training.Tests.Specs;

public sealed class TrainingSpecTests
{
    private const string Minimal = """
        input_features:
          - name: age
            type: number
          - name: plan
            type: category
          - name: spend
            type: number
            preprocessing:
              - step: impute
                method: mean
              - step: scale
                method: minmax
          - name: joined
            type: date
        output_features:
          - name: churn
            type: binary
        trainer:
          epochs: 3
          time_limit: 20s

        """;

    [Theory]
    [InlineData("input_features:\n  - name: age\n    type: number\n    encodr: passthrough\noutput_features:\n  - name: churn\n    type: binary\n", 4, 5, "'encodr' is not a key of input_features[0]. Did you mean 'encoder'?")]
    [InlineData("input_features:\n  - name: age\n    type: numbr\noutput_features:\n  - name: churn\n    type: binary\n", 3, 11, "'numbr' is not a valid input_features[0].type. Did you mean 'number'?")]
    [InlineData("input_features:\n  - name: age\n    type: number\noutput_features:\n  - name: churn\n    type: binary\ntrainer:\n  epochs: ten\n", 8, 11, "trainer.epochs must be a whole number, not 'ten'")]
    [InlineData("input_features:\n  - name: age\n    type: number\noutput_features:\n  - name: churn\n    type: binary\ntrainr:\n  epochs: 3\n", 7, 1, "'trainr' is not a key of the spec. Did you mean 'trainer'?")]
    [InlineData("input_features:\n  - name: age\n    type: number\n    preprocessing:\n      - step: imput\noutput_features:\n  - name: churn\n    type: binary\n", 5, 15, "'imput' is not a valid input_features[0].preprocessing[0].step. Did you mean 'impute'?")]
    [InlineData("input_features:\n  - name: age\n    type: number\n    preprocessing:\n      - step: impute\n        metod: mean\noutput_features:\n  - name: churn\n    type: binary\n", 6, 9, "'metod' is not a key of input_features[0].preprocessing[0]. Did you mean 'method'?")]
    [InlineData("input_features:\n  - name: age\n    type: number\noutput_features:\n  - name: churn\n    type: binary\ncombiner:\n  fc_layers: 64\n", 8, 14, "combiner.fc_layers must be a list")]
    [InlineData("input_features:\n  - name: age\n   type: number\n", 3, 4, "this is not valid YAML")]
    public void A_mistake_names_the_line_the_column_and_the_closest_names(string yaml, int line, int column, string message)
    {
        var e = Assert.Throws<TrainingException>(() => TrainingSpec.Parse(yaml, "spec.yaml"));
        Assert.Contains($"spec.yaml, line {line}, column {column}:", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_tag_that_is_not_a_uri_is_a_yaml_error_not_a_crash()
    {
        var e = Assert.Throws<TrainingException>(() => TrainingSpec.Parse("input_features: !<:> x\n", "spec.yaml"));
        Assert.Contains("spec.yaml: this is not valid YAML", e.Message);
    }

    [Fact]
    public void A_step_value_the_data_layer_refuses_names_the_step()
    {
        var yaml = "input_features:\n  - name: age\n    type: number\n    preprocessing:\n      - step: impute\n        method: average\noutput_features:\n  - name: churn\n    type: binary\n";
        var e = Assert.Throws<TrainingException>(() => TrainingSpec.Parse(yaml, "spec.yaml"));
        Assert.Contains("spec.yaml, line 5, column 9:", e.Message);
        Assert.Contains("'average' is not a valid 'method'", e.Message);
    }

    [Fact]
    public void A_column_not_in_the_data_is_refused_at_its_line_with_the_closest_names()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var spec = TrainingSpec.Parse(Minimal.Replace("name: spend", "name: spnd", StringComparison.Ordinal), "spec.yaml");
        var e = Assert.Throws<TrainingException>(() => new TableTrainer().PlanFromSpec(table, spec));
        Assert.Contains("spec.yaml, line 6, column 11: input feature 'spnd' is not a column of the data. Did you mean 'spend'?", e.Message);

        var time = TrainingSpec.Parse(Minimal + "preprocessing:\n  split:\n    type: time\n    column: joind\n", "spec.yaml");
        e = Assert.Throws<TrainingException>(() => new TableTrainer().PlanFromSpec(table, time));
        Assert.Contains("line 24, column 13: split column 'joind' is not a column of the data. Did you mean 'joined'?", e.Message);
    }

    [Fact]
    public void A_type_that_does_not_fit_the_column_and_an_image_feature_are_refused()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var number = TrainingSpec.Parse(Minimal.Replace("name: plan\n    type: category", "name: plan\n    type: number", StringComparison.Ordinal), "spec.yaml");
        var e = Assert.Throws<TrainingException>(() => new TableTrainer().PlanFromSpec(table, number));
        Assert.Contains("'plan' is of type number in the spec, but its values are categorical in the data. Use type: category.", e.Message);
        var image = TrainingSpec.Parse(Minimal.Replace("name: plan\n    type: category", "name: plan\n    type: image", StringComparison.Ordinal), "spec.yaml");
        e = Assert.Throws<TrainingException>(() => new TableTrainer().PlanFromSpec(table, image));
        Assert.Contains("type image", e.Message);
    }

    [Fact]
    public void The_spec_replaces_role_inference_and_says_which_columns_are_not_used()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var plan = new TableTrainer().PlanFromSpec(table, TrainingSpec.Parse(Minimal, "spec.yaml"));
        var roles = plan.Columns.ToDictionary(c => c.Name);
        Assert.Equal(FeatureRole.Dropped, roles["city"].Role);
        Assert.Equal("not listed in the spec's input_features", roles["city"].Reason);
        Assert.Equal(FeatureRole.Number, roles["spend"].Role);
        Assert.Equal("impute mean, scale minmax", roles["spend"].Preprocessing);
        Assert.Equal("impute median, scale standard", roles["age"].Preprocessing);
        Assert.Equal(FeatureRole.Date, roles["joined"].Role);
        Assert.Equal(TrainingTask.Classification, plan.Task);
        Assert.Equal(["mlp"], plan.Options.Candidates);
        Assert.Equal(TimeSpan.FromSeconds(20), plan.Options.TimeLimit);
        Assert.Equal(0.2, plan.Options.TestFraction, 6);
        Assert.Contains("from the spec", plan.Split);
    }

    [Fact]
    public void The_rendered_spec_has_every_default_and_reads_back_to_the_same_spec()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var trainer = new TableTrainer();
        var rendered = trainer.PlanFromSpec(table, TrainingSpec.Parse(Minimal, "spec.yaml")).Spec!.ToYaml();
        foreach (var key in new[] { "model_type: nn", "encoder: passthrough", "method: mean", "step: date_parts", "type: stratified", "probabilities: [0.64, 0.16, 0.2]",
                     "fc_layers: [128, 64]", "dropout: 0.1", "norm: none", "epochs: 3", "batch_size: auto", "type: adam", "learning_rate: 0.001", "early_stop: 20",
                     "class_weights: auto", "time_limit: 20s" })
            Assert.Contains(key, rendered);
        var again = trainer.PlanFromSpec(table, TrainingSpec.Parse(rendered, "rendered.yaml"));
        Assert.Equal(rendered, again.Spec!.ToYaml());
    }

    [Fact]
    public void Training_from_a_spec_uses_its_features_and_its_network()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var spec = TrainingSpec.Parse(Minimal + "combiner:\n  fc_layers: [16]\n  norm: batch\n  dropout: 0\n", "spec.yaml");
        var trainer = new TableTrainer();
        var plan = trainer.PlanFromSpec(table, spec);
        using var result = trainer.Train(table, plan);
        Assert.Equal("mlp", result.Kept);
        var dense = result.Model.Layers.OfType<Dense>().ToList();
        Assert.Equal(2, dense.Count);
        Assert.Single(result.Model.Layers.OfType<BatchNorm>());
        Assert.Contains("3 epochs", result.Trials[0].Note);
        var inputs = TablePreprocessing.ReadFrom(result.Model.Metadata.Preprocessing)!.Inputs!;
        Assert.DoesNotContain("city", inputs);
        Assert.Contains("spend", inputs);
        Assert.Contains("training_spec", result.Model.Metadata.Spec!.ToJsonString());
    }

    [Fact]
    public void Model_type_gbm_trains_lightgbm_with_the_gbm_section()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Houses(folder));
        var spec = TrainingSpec.Parse("""
            model_type: gbm
            input_features:
              - {name: size, type: number}
              - {name: district, type: category}
            output_features:
              - {name: price, type: number}
            gbm:
              n_estimators: 7
              num_leaves: 4
              learning_rate: 0.3
              min_data_in_leaf: 5
            """, "spec.yaml");
        var trainer = new TableTrainer();
        var plan = trainer.PlanFromSpec(table, spec);
        Assert.Equal(TrainingTask.Regression, plan.Task);
        Assert.Contains("num_boost_round: 7", plan.Spec!.ToYaml());
        using var result = trainer.Train(table, plan);
        Assert.Equal("gbm", result.Kept);
        Assert.True(result.Model.Layers.OfType<TreeEnsemble>().Single().Trees <= 7);
        Assert.Contains(", 4 leaves, at least 5 rows per leaf (from the spec)", result.Trials[0].Note);
        Assert.True(result.TestMetrics["r2"] > 0.5, $"r2 {result.TestMetrics["r2"]}");
    }

    [Fact]
    public void A_time_split_tests_on_the_latest_rows_and_a_group_split_keeps_groups_apart()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var trainer = new TableTrainer();
        var time = trainer.PlanFromSpec(table, TrainingSpec.Parse(Minimal + "preprocessing:\n  split:\n    type: time\n    column: joined\n", "spec.yaml"));
        Assert.Contains("latest rows by 'joined'", time.Split);
        using (var split = SpecPlanner.Split(table, time, 0.2))
        {
            var train = split.Train.GetDateTimes("joined").Max();
            var test = split.Test.GetDateTimes("joined").Min();
            Assert.True(train <= test, $"{train} > {test}");
        }

        var group = trainer.PlanFromSpec(table, TrainingSpec.Parse(Minimal + "preprocessing:\n  split:\n    type: group\n    column: city\n    seed: 4\n", "spec.yaml"));
        using (var split = SpecPlanner.Split(table, group, 0.25))
        {
            var trainCities = split.Train.GetStrings("city").ToHashSet();
            var testCities = split.Test.GetStrings("city").ToHashSet();
            Assert.NotEmpty(testCities);
            Assert.Empty(trainCities.Intersect(testCities));
        }
    }

    [Fact]
    public void The_spec_saved_from_the_automatic_mode_trains_the_same_family_on_the_same_features()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var trainer = new TableTrainer(new TableTrainingOptions { Candidates = ["gbm"], TimeLimit = TimeSpan.FromSeconds(20) });
        var automatic = trainer.Plan(table, "churn");
        using var first = trainer.Train(table, automatic);
        var saved = TrainingSpec.From(first, "customers.csv").ToYaml();
        Assert.Contains("model_type: gbm", saved);
        Assert.Contains("data: customers.csv", saved);

        var plan = trainer.PlanFromSpec(table, TrainingSpec.Parse(saved, "chosen.yaml"));
        Assert.Equal(automatic.Features.Select(f => (f.Name, f.Role)), plan.Features.Select(f => (f.Name, f.Role)));
        using var second = trainer.Train(table, plan);
        Assert.Equal(first.Kept, second.Kept);
        Assert.Equal(first.Model.Metadata.Preprocessing[TablePreprocessing.FeaturesKey]!.ToJsonString(), second.Model.Metadata.Preprocessing[TablePreprocessing.FeaturesKey]!.ToJsonString());
    }

    [Fact]
    public void Several_outputs_train_one_network_with_a_head_each_and_metrics_per_output()
    {
        using var folder = new TempFolder();
        var random = new Random(3);
        var text = new System.Text.StringBuilder("x,z,colour,label,amount\n");
        for (var i = 0; i < 300; i++)
        {
            var (x, z) = (random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2);
            var colour = i % 3 == 0 ? "red" : "blue";
            var label = x + (colour == "red" ? 0.5 : 0) > 0 ? "up" : "down";
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{x:0.000},{z:0.000},{colour},{label},{10 + 3 * z + random.NextDouble() * 0.3:0.000}\n");
        }
        using var table = Table.Read(folder.Write("two.csv", text.ToString()));
        var spec = TrainingSpec.Parse("""
            input_features:
              - {name: x, type: number}
              - {name: z, type: number}
              - {name: colour, type: category}
            output_features:
              - {name: label, type: binary}
              - {name: amount, type: number}
            combiner: {fc_layers: [32]}
            trainer: {epochs: 60, learning_rate: 0.01, time_limit: 30s}
            """, "spec.yaml");
        var trainer = new TableTrainer();
        var plan = trainer.PlanFromSpec(table, spec);
        Assert.Equal(FeatureRole.Target, plan.Columns.Single(c => c.Name == "amount").Role);
        using var result = trainer.Train(table, plan);

        var heads = result.Model.Layers.OfType<Dense>().Where(d => d.Name.StartsWith("head_", StringComparison.Ordinal)).Select(d => d.Name);
        Assert.Equal(["head_1", "head_2"], heads);
        var metrics = $"{result.Trials[0].Note} {string.Join(", ", result.TestMetrics)}";
        Assert.True(result.TestMetrics["label_accuracy"] > 0.9, metrics);
        Assert.Contains("label_f1_macro", result.TestMetrics.Keys);
        Assert.True(result.TestMetrics["amount_r2"] > 0.9, metrics);
        Assert.Contains("amount_rmse", result.TestMetrics.Keys);
        var outputs = result.Model.Metadata.Spec!["outputs"]!.AsArray();
        Assert.Equal([2, 1], outputs.Select(o => o!["width"]!.GetValue<int>()));
    }

    [Fact]
    public void Several_outputs_with_model_type_gbm_are_refused_at_the_second_output()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var spec = TrainingSpec.Parse("model_type: gbm\n" + Minimal.Replace("    type: binary\n", "    type: binary\n  - name: premium\n    type: binary\n", StringComparison.Ordinal), "spec.yaml");
        var e = Assert.Throws<TrainingException>(() => new TableTrainer().PlanFromSpec(table, spec));
        Assert.Contains("spec.yaml, line 19, column 11: model_type gbm predicts one output", e.Message);
    }

    [Fact]
    public void A_kept_ensemble_is_saved_as_the_spec_of_its_best_single_candidate()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(5), Seed = 3, Candidates = ["linear"] });
        using var trained = trainer.Train(table, trainer.Plan(table, "churn"));
        CandidateTrial[] trials =
        [
            new("linear", 0.80, TimeSpan.Zero, ""), new("gbm", 0.85, TimeSpan.Zero, ""), new("mlp", null, TimeSpan.Zero, "not tried"),
            new(TrainedCandidate.EnsembleName, 0.90, TimeSpan.Zero, "weighted average"),
        ];
        var ensemble = new TableTrainingResult(trained.Model, trained.Plan, trials, TrainedCandidate.EnsembleName, trained.TestMetrics, 1, 1, 1);

        Assert.Equal("gbm", TrainingSpec.FamilyOf(ensemble));
        Assert.Equal("gbm", TrainingSpec.From(ensemble).ToYaml().Split('\n').Single(l => l.StartsWith("model_type:", StringComparison.Ordinal))["model_type: ".Length..]);
        Assert.Equal("linear", TrainingSpec.FamilyOf(trained));
    }
}
