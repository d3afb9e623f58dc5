using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using Lepton.Training.Automatic;

namespace Lepton.Training.Tests.Automatic;

public sealed class EpochBudgetTests
{
    [Fact]
    public void A_network_given_no_time_still_trains_one_epoch_and_stops_there()
    {
        var random = new Random(3);
        using var data = TensorDataset.FromArrays([.. Enumerable.Range(0, 2000).Select(_ => (float)random.NextDouble())], new Shape(4),
            [.. Enumerable.Range(0, 500).Select(i => (long)(i % 2))]);
        using var model = new Sequential(new Shape(4), [new Dense(8, "relu"), new Dense(2)]);
        model.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy(fromLogits: true));
        using var budget = new EpochBudget(TimeSpan.FromTicks(1), CancellationToken.None);

        var history = model.Fit(data, 50, 16, callbacks: [budget], verbose: Verbosity.Silent, cancellationToken: budget.Token);

        Assert.Single(history.Epochs);
        Assert.True(history.Cancelled);
    }

    [Fact]
    public void Within_its_budget_a_network_trains_every_epoch()
    {
        var random = new Random(3);
        using var data = TensorDataset.FromArrays([.. Enumerable.Range(0, 400).Select(_ => (float)random.NextDouble())], new Shape(4),
            [.. Enumerable.Range(0, 100).Select(i => (long)(i % 2))]);
        using var model = new Sequential(new Shape(4), [new Dense(2)]);
        model.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy(fromLogits: true));
        using var budget = new EpochBudget(TimeSpan.FromMinutes(5), CancellationToken.None);

        var history = model.Fit(data, 3, 50, callbacks: [budget], verbose: Verbosity.Silent, cancellationToken: budget.Token);

        Assert.Equal(3, history.Epochs.Count);
        Assert.False(history.Cancelled);
    }
}
