using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Dense_stack_learns_a_separable_problem_and_round_trips_through_a_file()
    {
        LeptonRuntime.Seed(1);
        var x = randn(512, 4);
        var y = (x[.., 0] + x[.., 1] > 0).to(ScalarType.Int64);
        using var data = new TensorDataset(x, y, ["no", "yes"]);
        var model = new Sequential(new Dense(16, "relu"), new Dense(2));
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
        var history = model.Fit(data, epochs: 10, batchSize: 32, verbose: Verbosity.Silent);
        Assert.True(history["accuracy"][^1] > 0.9, $"accuracy {history["accuracy"][^1]}");

        var path = Path.Combine(Path.GetTempPath(), $"lepton-smoke-{Guid.NewGuid():N}.lepton");
        model.Save(path);
        var loaded = Model.Load(path);
        using var a = model.PredictProbabilities(x);
        using var b = loaded.PredictProbabilities(x);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.Equal(["no", "yes"], loaded.Metadata.ClassNames);
        File.Delete(path);
    }
}
