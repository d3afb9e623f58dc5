using System.Text.Json.Nodes;
using Lepton.Tuning.Pruners;
using Lepton.Tuning.Reports;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;
using SkiaSharp;

namespace Lepton.Tuning.Tests.Reports;

public sealed class StudyReportTests
{
    private static SearchSpace Space() => new SearchSpace()
        .Add("model_type", new CategoricalDistribution(["nn", "gbm"]))
        .Add("trainer.learning_rate", new FloatDistribution(1e-4, 1e-1, log: true))
        .Add("combiner.dropout", new FloatDistribution(0, 0.5, step: 0.1))
        .Add("gbm.num_leaves", new IntDistribution(4, 128), new ParameterCondition("model_type", [JsonValue.Create("gbm")]));

    /// <summary>A study of 24 trials with learning curves: most complete, some pruned, one failed, one running.</summary>
    private static StudySnapshot Study()
    {
        var space = Space();
        var random = new Random(11);
        var start = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
        var trials = new List<TrialRecord>();
        for (var i = 0; i < 24; i++)
        {
            var drawn = new Dictionary<string, double>();
            foreach (var p in space)
            {
                if (space.IsActive(p, drawn)) drawn[p.Name] = p.Distribution.SampleUniform(random);
            }
            var state = i switch { 5 or 9 or 14 => TrialState.Pruned, 17 => TrialState.Failed, 23 => TrialState.Running, _ => TrialState.Complete };
            var final = Math.Abs(Math.Log10(drawn["trainer.learning_rate"]) + 2.5) + drawn["combiner.dropout"];
            var steps = state == TrialState.Pruned ? 3 : state == TrialState.Failed ? 0 : 10;
            var curve = Enumerable.Range(0, steps).ToDictionary(s => s, s => final + 2.0 / (s + 1));
            trials.Add(new TrialRecord
            {
                Id = i + 1,
                Number = i,
                State = state,
                Value = state switch { TrialState.Complete => final, TrialState.Pruned => curve[steps - 1], _ => null },
                Parameters = drawn,
                Intermediate = curve,
                Started = start.AddMinutes(i),
                Finished = state == TrialState.Running ? null : start.AddMinutes(i).AddSeconds(20 + i),
                Error = state == TrialState.Failed ? "InvalidOperationException: out of memory" : null,
            });
        }
        return new StudySnapshot(new StudyInfo { Id = 1, Name = "digits-mlp", Direction = StudyDirection.Minimize, Space = space }, trials);
    }

    [Fact]
    public async Task The_report_names_every_parameter_holds_every_chart_inline_and_writes_each_as_a_decodable_png()
    {
        using var folder = new TempFolder();
        var path = folder.PathOf("study.html");

        var charts = await StudyReport.WriteAsync(Study(), path);

        var html = File.ReadAllText(path);
        Assert.Equal(
            ["importance.png", "intermediate-values.png", "optimization-history.png", "parallel-coordinates.png",
             "slice-combiner.dropout.png", "slice-gbm.num_leaves.png", "slice-model_type.png", "slice-trainer.learning_rate.png"],
            charts.Select(c => Path.GetFileName(c)).Order(StringComparer.Ordinal).ToArray());
        foreach (var chart in charts)
        {
            Assert.Equal(folder.PathOf("study_files"), Path.GetDirectoryName(chart));
            using var image = SKBitmap.Decode(File.ReadAllBytes(chart));
            Assert.NotNull(image);
            Assert.True(image.Width >= 400 && image.Height >= 250, $"{chart} is {image.Width}×{image.Height}");
            Assert.Contains($"download=\"{Path.GetFileName(chart)}\"", html);
        }
        Assert.Equal(charts.Count, html.Split("src=\"data:image/png;base64,").Length - 1);
        foreach (var p in Space()) Assert.Contains($"<th data-parameter=\"{p.Name}\">{p.Name}</th>", html);
        Assert.Contains("data-tile=\"best\"", html);
        Assert.Contains("id=\"best-parameters\"", html);
        Assert.Contains("id=\"importance-table\"", html);
        Assert.Contains("When model_type is gbm", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_trials_table_has_a_row_per_trial_with_its_state_and_the_best_marked()
    {
        using var folder = new TempFolder();
        var study = Study();

        await StudyReport.WriteAsync(study, folder.PathOf("study.html"));

        var html = File.ReadAllText(folder.PathOf("study.html"));
        Assert.Equal(24, html.Split("<tr data-trial=\"").Length - 1);
        foreach (var t in study.Trials) Assert.Contains($"<tr data-trial=\"{t.Number}\" data-state=\"{t.State.ToString().ToLowerInvariant()}\"", html);
        Assert.Contains($"<tr data-trial=\"{study.Best!.Number}\" data-state=\"complete\" class=\"best\">", html);
        Assert.Contains("InvalidOperationException: out of memory", html);
        Assert.Contains("pruned after step 2", html);
    }

    [Fact]
    public async Task A_study_without_a_complete_trial_still_gets_a_page_that_says_so()
    {
        using var folder = new TempFolder();
        var all = Study();
        var study = all with { Trials = all.Trials.Where(t => t.State != TrialState.Complete).ToList() };

        var charts = await StudyReport.WriteAsync(study, folder.PathOf("empty.html"));

        var html = File.ReadAllText(folder.PathOf("empty.html"));
        Assert.Contains("id=\"no-complete\"", html);
        Assert.Contains("No trial has completed yet", html);
        Assert.Contains("id=\"no-importance\"", html);
        Assert.Equal(["intermediate-values.png"], charts.Select(c => Path.GetFileName(c)).ToArray());
        Assert.Equal(5, html.Split("<tr data-trial=\"").Length - 1);

        var none = await StudyReport.WriteAsync(all with { Trials = [] }, folder.PathOf("none.html"));
        Assert.Empty(none);
        Assert.Contains("it has no trials at all", File.ReadAllText(folder.PathOf("none.html")));
    }

    [Fact]
    public async Task A_tuner_run_writes_its_report_and_a_missing_folder_is_a_clear_error()
    {
        using var folder = new TempFolder();
        var space = new SearchSpace().Add("x", new FloatDistribution(-1, 1)).Add("k", new IntDistribution(1, 5));
        var result = await new Tuner(new TunerOptions { Trials = 12, Pruner = new NoPruner(), Seed = 1 })
            .OptimizeAsync(space, t => t.GetDouble("x") * t.GetDouble("x"));

        var charts = await StudyReport.WriteAsync(result, folder.PathOf("run.html"));

        Assert.Contains("slice-x.png", charts.Select(c => Path.GetFileName(c)));
        Assert.Equal(12, File.ReadAllText(folder.PathOf("run.html")).Split("<tr data-trial=\"").Length - 1);
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => StudyReport.WriteAsync(result, folder.PathOf("no/such/report.html")));
        Assert.Contains("does not exist", error.Message);
    }
}
