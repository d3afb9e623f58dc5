using System.Globalization;
using System.Text.RegularExpressions;
using Lepton.Data.Tables;
using Lepton.Training.Automatic;
using Lepton.Training.Tests.Automatic;
using Lepton.Training.Tuning;

namespace Lepton.Training.Tests.Tuning;

public sealed partial class CandidateSearchTests
{
    [Fact]
    public void After_the_defaults_the_search_runs_its_trials_over_both_families_and_weighs_each_best_against_its_default()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder));
        var trainer = new TableTrainer(new TableTrainingOptions
        {
            TimeLimit = TimeSpan.FromMinutes(3), Seed = 3, Candidates = ["gbm", "mlp"], BaggingFolds = 1, SearchTrials = 8,
        });
        using var result = trainer.Train(table, trainer.Plan(table, "churn"));

        Assert.Equal(["gbm", "mlp", "gbm_tuned", "mlp_tuned"], result.Trials.Take(4).Select(t => t.Name));
        var tuned = result.Trials.Where(t => t.Name.EndsWith("_tuned", StringComparison.Ordinal)).ToList();
        var ran = tuned.Select(t => TrialsOf().Match(t.Note)).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.All(tuned, t => Assert.Contains("of 8 search trials", t.Note, StringComparison.Ordinal));
        // The sampler splits the 8 trials between the families; each family's best is compared with its default on the same rows.
        Assert.Equal(8, ran.Sum());
        Assert.All(tuned.Where(t => t.ValidationScore is not null), t => Assert.Contains("vs the default's", t.Note, StringComparison.Ordinal));
        Assert.Contains(result.Kept, new[] { "gbm", "mlp", "gbm_tuned", "mlp_tuned", TrainedCandidate.EnsembleName });
        Assert.InRange(result.TestMetrics["accuracy"], 0, 1);
    }

    [Fact]
    public void Without_search_trials_nothing_is_searched()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder, rows: 120));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(30), Seed = 3, Candidates = ["gbm"], BaggingFolds = 1 });
        using var result = trainer.Train(table, trainer.Plan(table, "churn"));
        Assert.Equal(["gbm"], result.Trials.Select(t => t.Name));
    }

    [Fact]
    public void A_negative_number_of_search_trials_is_refused()
    {
        var e = Assert.Throws<TrainingException>(() => new TableTrainer(new TableTrainingOptions { SearchTrials = -1 }));
        Assert.Contains("search trials", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_space_has_model_type_only_when_both_families_are_searched_and_each_family_s_settings_only_in_its_trials()
    {
        var both = CandidateSearch.Space(["gbm", "mlp"]);
        Assert.Equal("model_type", both[0].Name);
        Assert.Equal("model_type", both["gbm.num_leaves"].Condition!.Parameter);
        Assert.Equal("model_type", both["mlp.width"].Condition!.Parameter);
        var one = CandidateSearch.Space(["gbm"]);
        Assert.Null(one.Find("model_type"));
        Assert.Null(one.Find("mlp.width"));
        Assert.All(one, p => Assert.Null(p.Condition));
    }

    [GeneratedRegex(@"(\d+) of 8 search trials")]
    private static partial Regex TrialsOf();
}
