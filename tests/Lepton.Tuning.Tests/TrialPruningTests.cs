using Lepton.Data;
using Lepton.Nn;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using Lepton.Tuning.Pruners;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;
using static TorchSharp.torch;

namespace Lepton.Tuning.Tests;

public sealed class TrialPruningTests
{
    [Fact]
    public async Task A_pruned_network_stops_training_at_the_epoch_the_pruner_says_so()
    {
        LeptonRuntime.Seed(3);
        var generator = new Generator(7);
        var x = randn([384, 4], generator: generator);
        using var data = new TensorDataset(x, (x[.., 0] + x[.., 1] > 0).to(ScalarType.Int64), ["negative", "positive"]);
        var (train, validation) = data.Split(0.25);
        var space = new SearchSpace().Add("learning_rate", new FloatDistribution(1e-5, 1e-1, log: true));
        var epochsRun = new Dictionary<int, int>();
        // Trials 0–2 learn at 0.05 and set the median curve; trials 3–5 barely learn (1e-5) and are stopped after their first epoch.
        var result = await new Tuner(new TunerOptions { Trials = 6, Pruner = new MedianPruner(startupTrials: 3), Sampler = new RandomSampler() })
            .OptimizeAsync(space, trial =>
            {
                var model = new Sequential(new Dense(16, "relu"), new Dense(2));
                model.Compile(new Adam(trial.Number < 3 ? 0.05 : 1e-5), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
                var history = model.Fit(train, epochs: 8, batchSize: 32, validationData: validation, callbacks: [new TrialPruning(trial)], verbose: Verbosity.Silent);
                lock (epochsRun) epochsRun[trial.Number] = history.Epochs.Count;
                return history["val_loss"][^1];
            });
        Assert.All(result.Trials.Take(3), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(result.Trials.Skip(3), t => Assert.Equal(TrialState.Pruned, t.State));
        Assert.Equal([8, 8, 8, 1, 1, 1], Enumerable.Range(0, 6).Select(n => epochsRun[n]));
    }

    [Fact]
    public async Task Pruning_on_a_log_the_epoch_does_not_have_names_the_logs_it_has()
    {
        using var data = new TensorDataset(randn([64, 4]), zeros([64], ScalarType.Int64) + (randn([64]) > 0).to(ScalarType.Int64), ["a", "b"]);
        var result = await new Tuner(new TunerOptions { Trials = 1 }).OptimizeAsync(new SearchSpace().Add("u", new IntDistribution(2, 4)), trial =>
        {
            var model = new Sequential(new Dense((int)trial.GetInt64("u"), "relu"), new Dense(2));
            model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
            model.Fit(data, epochs: 1, batchSize: 32, callbacks: [new TrialPruning(trial)], verbose: Verbosity.Silent);
            return 0;
        });
        Assert.Equal(TrialState.Failed, result.Trials[0].State);
        Assert.True(result.Trials[0].Error?.Contains("reports 'val_loss', but the epoch's logs have loss, accuracy", StringComparison.Ordinal), result.Trials[0].Error);
    }
}
