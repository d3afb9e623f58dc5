using Lepton.Data.Tables;
using Lepton.Training.Automatic;

namespace Lepton.Training.Tests.Automatic;

public sealed class EpochBudgetTests
{
    [Fact]
    public void A_network_left_no_time_still_trains_one_epoch_and_stops_there()
    {
        using var folder = new TempFolder();
        using var table = Table.Read(Tables.Customers(folder, rows: 400));
        var trainer = new TableTrainer(new TableTrainingOptions { TimeLimit = TimeSpan.FromMilliseconds(1), Candidates = ["mlp"], BaggingFolds = 1 });

        using var result = trainer.Train(table, trainer.Plan(table, "churn"));

        var note = result.Trials.Single().Note;
        Assert.StartsWith("1 epochs", note, StringComparison.Ordinal);
        Assert.Contains("stopped by the time limit", note, StringComparison.Ordinal);
    }
}
