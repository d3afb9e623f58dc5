using System.Globalization;
using System.Text;
using Lepton.Cli.Tests.Tracking;
using Lepton.Nn.Models;

namespace Lepton.Cli.Tests.Training;

public sealed class TrainSpecCommandTests
{
    /// <summary>80 rows: two numbers, a colour and a label that follows x; 'id' is not meant to be used.</summary>
    private static string Points(TempFolder folder)
    {
        var random = new Random(5);
        var text = new StringBuilder("id,x,y,colour,label\n");
        for (var i = 0; i < 80; i++)
        {
            var a = i % 2 == 0;
            text.Append(CultureInfo.InvariantCulture, $"{i},{(a ? 2 : -2) + random.NextDouble():0.000},{random.NextDouble():0.000},{(i % 3 == 0 ? "red" : "blue")},{(a ? "a" : "b")}\n");
        }
        return folder.Write("points.csv", text.ToString());
    }

    private const string Spec = """
        data: points.csv
        input_features:
          - name: x
            type: number
          - name: colour
            type: category
        output_features:
          - name: label
            type: binary
        combiner:
          fc_layers: [8]
        trainer:
          epochs: 5
          time_limit: 20s

        """;

    [Fact]
    public void Train_from_a_spec_uses_its_data_and_features_and_says_which_columns_are_not_used()
    {
        using var folder = new TempFolder();
        Points(folder);
        var spec = folder.Write("spec.yaml", Spec);
        var output = folder.PathOf("points.lepton");

        var (code, text) = CliRun.Invoke("train", spec, "--no-tracking", "--output", output);

        Assert.True(code == 0, text);
        Assert.Contains("not listed in the spec's input_features", text);
        Assert.Contains("from the spec", text);
        Assert.Contains("mlp (kept)", text);
        using var model = Model.Load(output);
        Assert.Equal(["a", "b"], model.Metadata.ClassNames);
    }

    [Fact]
    public void Render_config_prints_yaml_with_every_default_that_trains_the_same()
    {
        using var folder = new TempFolder();
        Points(folder);
        var spec = folder.Write("spec.yaml", Spec);

        var (code, rendered) = CliRun.Invoke("train", "--render-config", spec);

        Assert.True(code == 0, rendered);
        Assert.StartsWith("data: points.csv", rendered.TrimStart());
        Assert.Contains("type: stratified", rendered);
        Assert.Contains("learning_rate: 0.001", rendered);
        var again = folder.Write("rendered.yaml", rendered);
        var (againCode, twice) = CliRun.Invoke("train", "--render-config", again);
        Assert.True(againCode == 0, twice);
        Assert.Equal(rendered, twice);
    }

    [Fact]
    public void A_spec_mistake_is_one_line_with_line_column_and_closest_name_and_exit_code_2()
    {
        using var folder = new TempFolder();
        Points(folder);
        var spec = folder.Write("spec.yaml", Spec.Replace("name: colour", "name: color", StringComparison.Ordinal));

        var (code, text) = CliRun.Invoke("train", spec, "--no-tracking");

        Assert.Equal(2, code);
        Assert.Contains("spec.yaml, line 5, column 11: input feature 'color' is not a column of the data. Did you mean 'colour'?", text);
    }

    [Fact]
    public void Save_spec_writes_what_the_automatic_mode_kept_and_data_overrides_the_spec()
    {
        using var folder = new TempFolder();
        var data = Points(folder);
        var saved = folder.PathOf("specs/chosen.yaml");

        var (code, text) = CliRun.Invoke("train", data, "--target", "label", "--candidates", "gbm", "--time-limit", "20s", "--no-tracking",
            "--output", folder.PathOf("auto.lepton"), "--save-spec", saved);

        Assert.True(code == 0, text);
        var yaml = File.ReadAllText(saved);
        Assert.Contains("data: ../points.csv", yaml);
        Assert.Contains("model_type: gbm", yaml);
        Assert.Contains("name: colour", yaml);

        var copy = folder.Write("copy.csv", File.ReadAllText(data));
        var (again, retrained) = CliRun.Invoke("train", saved, "--data", copy, "--no-tracking", "--output", folder.PathOf("again.lepton"));
        Assert.True(again == 0, retrained);
        Assert.Contains("copy.csv", retrained);
        Assert.Contains("gbm (kept)", retrained);

        // A spec-trained model's --save-spec is that spec filled in, its data: seen from the new file's folder.
        var resaved = folder.PathOf("elsewhere/again.yaml");
        var (third, _) = CliRun.Invoke("train", saved, "--no-tracking", "--output", folder.PathOf("third.lepton"), "--save-spec", resaved);
        Assert.Equal(0, third);
        Assert.Contains("data: ../points.csv", File.ReadAllText(resaved));
        Assert.Contains("num_boost_round: 300", File.ReadAllText(resaved));
    }

    [Fact]
    public void Experiment_takes_a_spec()
    {
        using var folder = new TempFolder();
        Points(folder);
        var spec = folder.Write("spec.yaml", Spec);

        var (code, text) = CliRun.Invoke("experiment", spec, "--folds", "2", "--no-tracking");

        Assert.True(code == 0, text);
        Assert.Contains("fold 2/2: mlp kept", text);
    }

    [Fact]
    public void Two_outputs_train_one_network_that_is_tested_per_output_recorded_and_registered()
    {
        using var home = new TrackingHome();
        var folder = home.File("");
        var random = new Random(9);
        var text = new StringBuilder("x,z,label,amount\n");
        for (var i = 0; i < 120; i++)
        {
            var (x, z) = (random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2);
            text.Append(CultureInfo.InvariantCulture, $"{x:0.000},{z:0.000},{(x > 0 ? "up" : "down")},{5 + 2 * z:0.000}\n");
        }
        File.WriteAllText(Path.Combine(folder, "two.csv"), text.ToString());
        var spec = Path.Combine(folder, "two.yaml");
        File.WriteAllText(spec, """
            data: two.csv
            input_features: [{name: x, type: number}, {name: z, type: number}]
            output_features: [{name: label, type: binary}, {name: amount, type: number}]
            combiner: {fc_layers: [16]}
            trainer: {epochs: 10, learning_rate: 0.01, time_limit: 20s}
            """);

        var (code, output) = CliRun.Invoke("train", spec, "--output", Path.Combine(folder, "two.lepton"));

        Assert.True(code == 0, output);
        Assert.Contains("2 heads", output);
        Assert.Contains("label_accuracy", output);
        Assert.Contains("amount_r2", output);
        Assert.Contains("registered two/1", output);
        using var model = Model.Load(Path.Combine(folder, "two.lepton"));
        Assert.Equal(["down", "up"], model.Metadata.Spec!["outputs"]![0]!["class_names"]!.AsArray().Select(n => n!.GetValue<string>()));
    }
}
