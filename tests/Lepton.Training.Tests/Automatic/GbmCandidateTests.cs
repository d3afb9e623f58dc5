using Lepton.Data.Tables;
using Lepton.Training.Automatic;

namespace Lepton.Training.Tests.Automatic;

public sealed class GbmCandidateTests
{
    [Fact]
    public void A_small_table_gets_one_thread_a_slower_rate_and_a_patient_early_stop()
    {
        var small = GbmCandidate.Options(rows: 300, seed: 0);
        Assert.Equal(1, small.Threads);
        Assert.Equal(0.05, small.LearningRate);
        Assert.Equal(50, small.EarlyStoppingRounds);
        Assert.Equal(15, small.MinimumExamplesPerLeaf);
        Assert.Null(GbmCandidate.Options(rows: 500_000, seed: 0).Threads);
    }

    [Fact]
    public void Gbm_keeps_growing_while_a_small_regression_still_improves()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Houses(folder));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromSeconds(30), Candidates = ["gbm"], BaggingFolds = 1 });
        using var result = trainer.Train(table, trainer.Plan(table, "price"));
        var note = result.Trials[0].Note;
        var rounds = int.Parse(note[..note.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(rounds > 60, note);
        Assert.True(result.TestMetrics["r2"] > 0.8, $"test R² {result.TestMetrics["r2"]}");
    }
}
