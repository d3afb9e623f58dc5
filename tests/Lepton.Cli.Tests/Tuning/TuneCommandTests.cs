using System.Globalization;
using System.Text;

namespace Lepton.Cli.Tests.Tuning;

public sealed class TuneCommandTests
{
    internal const string Features = """
        data: points.csv
        input_features:
          - {name: x, type: number}
          - {name: y, type: number}
        output_features:
          - {name: label, type: binary}
        trainer:
          epochs: 3
          time_limit: 20s

        """;

    /// <summary>90 rows, two well separated classes over two numbers.</summary>
    internal static void Points(TempFolder folder)
    {
        var random = new Random(7);
        var text = new StringBuilder("x,y,label\n");
        for (var i = 0; i < 90; i++)
        {
            var a = i % 3 != 0;
            text.Append(CultureInfo.InvariantCulture, $"{(a ? 2 : -2) + random.NextDouble():0.000},{random.NextDouble():0.000},{(a ? "a" : "b")}\n");
        }
        folder.Write("points.csv", text.ToString());
    }

    [Fact]
    public void A_grid_study_runs_every_point_and_saves_the_best_trials_model_and_spec()
    {
        using var folder = new TempFolder();
        Points(folder);
        var spec = folder.Write("points.yaml", Features + """
            model_type: gbm
            hyperopt:
              metric: accuracy
              search_alg: grid
              parameters:
                gbm.num_leaves: {space: grid_search, values: [4, 8]}
            """);
        var model = folder.PathOf("best.lepton");

        var (code, text) = CliRun.Invoke("tune", spec, "--no-tracking", "--output", model);

        Assert.True(code == 0, text);
        Assert.Contains("gbm.num_leaves", text);
        Assert.Contains("trial   0 · accuracy", text);
        Assert.Contains("trial   1 · accuracy", text);
        Assert.DoesNotContain("trial   2", text);
        Assert.Contains("Study 'points': 2 trials (2 complete)", text);
        Assert.True(File.Exists(model), text);
        Assert.Contains("num_leaves:", File.ReadAllText(folder.PathOf("best.spec.yaml")));
    }

    [Fact]
    public void A_spec_without_a_hyperopt_section_is_refused()
    {
        using var folder = new TempFolder();
        Points(folder);
        var spec = folder.Write("points.yaml", Features);
        var (code, text) = CliRun.Invoke("tune", spec, "--no-tracking");
        Assert.Equal(2, code);
        Assert.Contains("has no hyperopt section", text);
    }

    [Fact]
    public void A_parameter_that_names_nothing_is_refused_with_its_line_before_any_trial()
    {
        using var folder = new TempFolder();
        Points(folder);
        var spec = folder.Write("points.yaml", Features + """
            hyperopt:
              parameters:
                trainer.learnin_rate: {space: loguniform, lower: 0.001, upper: 0.1}
            """);
        var (code, text) = CliRun.Invoke("tune", spec, "--no-tracking");
        Assert.Equal(2, code);
        Assert.Contains("points.yaml, line 12, column 5: hyperopt.parameters: 'trainer.learnin_rate' names nothing in the spec", text);
        Assert.DoesNotContain("trial   0", text);
    }

    [Fact]
    public void Workers_need_the_tracking_database()
    {
        using var folder = new TempFolder();
        Points(folder);
        var spec = folder.Write("points.yaml", Features + "hyperopt:\n  parameters:\n    trainer.epochs: {space: randint, lower: 1, upper: 3}\n");
        var (code, text) = CliRun.Invoke("tune", spec, "--no-tracking", "--workers", "2");
        Assert.Equal(2, code);
        Assert.Contains("--workers needs the study in the tracking database", text);
    }
}
