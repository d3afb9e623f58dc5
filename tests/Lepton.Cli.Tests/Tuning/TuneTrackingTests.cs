using Lepton.Cli.Tests.Tracking;
using Lepton.Tracking;

namespace Lepton.Cli.Tests.Tuning;

public sealed class TuneTrackingTests
{
    private const string Spec = TuneCommandTests.Features + """
        model_type: gbm
        hyperopt:
          metric: accuracy
          search_alg: {type: random, seed: 1}
          executor: {num_trials: 2}
          parameters:
            gbm.num_leaves: {space: randint, lower: 4, upper: 16}
            gbm.learning_rate: {space: loguniform, lower: 0.01, upper: 0.3}
        """;

    [Fact]
    public async Task A_study_in_the_tracking_database_resumes_records_every_trial_and_shows_its_report()
    {
        using var home = new TrackingHome();
        using var folder = new TempFolder();
        TuneCommandTests.Points(folder);
        var spec = folder.Write("points.yaml", Spec);
        var model = folder.PathOf("points.lepton");

        var (first, firstText) = CliRun.Invoke("tune", spec, "--output", model);
        Assert.True(first == 0, firstText);
        Assert.Contains("Study 'points': 2 trials (2 complete)", firstText);
        Assert.Contains("registered points/1 (trial", firstText);

        // The same command again: the study has its 2 trials and its registered model, so nothing runs or is registered.
        var (again, againText) = CliRun.Invoke("tune", spec, "--output", model);
        Assert.True(again == 0, againText);
        Assert.Contains("Study 'points' is complete: 2 of 2 trials", againText);
        Assert.Contains("is registered as points/1 (runs:/", againText);
        Assert.DoesNotContain("Training the best trial", againText);
        Assert.DoesNotContain("trial   2 ·", againText);
        Assert.Contains("--trials 4", againText);

        // Another space under the same study name is refused before any trial (exit 2), complete or not.
        var other = folder.Write("other.yaml", Spec.Replace("upper: 16", "upper: 32", StringComparison.Ordinal));
        var (refused, refusedText) = CliRun.Invoke("tune", other, "--study", "points", "--trials", "5", "--output", model);
        Assert.Equal(2, refused);
        Assert.Contains("The study 'points' exists with another search space", refusedText);
        Assert.DoesNotContain("trial   2 ·", refusedText);

        // The same command with a larger total resumes the study: one more trial, numbered 2.
        var (second, secondText) = CliRun.Invoke("tune", spec, "--trials", "3", "--output", model);
        Assert.True(second == 0, secondText);
        Assert.Contains("trial   2 ·", secondText);
        Assert.DoesNotContain("trial   0 ·", secondText);
        Assert.Contains("Study 'points': 3 trials (3 complete)", secondText);

        var report = folder.PathOf("study.html");
        var (show, showText) = CliRun.Invoke("tune", "show", "points", "--report", report);
        Assert.True(show == 0, showText);
        Assert.Contains("Best: trial", showText);
        Assert.Contains("gbm.num_leaves", showText);
        Assert.True(File.Exists(report), showText);
        Assert.Contains("gbm.learning_rate", File.ReadAllText(report));

        await using var client = await TrackingHome.OpenAsync();
        var runs = await client.Store.SearchRunsAsync(new RunQuery(Experiments: ["points"]));
        Assert.Equal(3, runs.Count(r => r.Tags.ContainsKey(RunTags.TrialState)));
        Assert.Equal(2, runs.Count(r => r.Tags.GetValueOrDefault(RunTags.Kind) == RunTags.TuningKind));
        // A finished study's run holds each parameter's importance, for readers without the tuner (the dashboard).
        var studyRun = runs.Where(r => r.Tags.GetValueOrDefault(RunTags.Kind) == RunTags.TuningKind).OrderBy(r => r.Info.StartTime).Last();
        var importance = studyRun.LatestMetrics.Where(m => m.Key.StartsWith(RunTags.ImportancePrefix, StringComparison.Ordinal)).ToDictionary(m => m.Key, m => m.Value.Value);
        // (fANOVA shares the variance of the trials' values: when every trial scored the same there is none to share.)
        var scores = runs.Where(r => r.Tags.ContainsKey(RunTags.TrialState)).Select(r => r.LatestMetrics["accuracy"].Value).Distinct().Count();
        if (scores > 1)
        {
            Assert.Equal(["importance.gbm.learning_rate", "importance.gbm.num_leaves"], importance.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(1.0, importance.Values.Sum(), 6);
        }
        else
        {
            Assert.Empty(importance);
        }
        var version = await client.Registry.ResolveAsync("points/2");
        Assert.Contains("study points, trial", version.Description);

        var (missing, missingText) = CliRun.Invoke("tune", "show", "nope");
        Assert.Equal(2, missing);
        Assert.Contains("There is no study 'nope'", missingText);
    }
}
