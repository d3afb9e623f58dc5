using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Losses;

public sealed class TrainingWithLossesTests
{
    [Fact]
    public void A_sigmoid_output_trains_on_binary_crossentropy_with_class_weights_and_reports_epoch_metrics()
    {
        LeptonRuntime.Seed(2);
        var x = randn(256, 3);
        var y = (x[.., 0] - x[.., 2] > 0).to(ScalarType.Float32);
        using var data = new TensorDataset(x, y);
        var model = new Sequential(new Dense(1));
        model.Compile(new Adam(0.05), new BinaryCrossentropy(fromLogits: true), new RocAuc(), new F1Score(), new ConfusionMatrix());
        var history = model.Fit(data, epochs: 20, batchSize: 64, classWeight: new Dictionary<int, double> { [0] = 1, [1] = 2 }, verbose: Verbosity.Silent);
        Assert.True(history["auc"][^1] > 0.95, $"auc {history["auc"][^1]}");
        Assert.True(history["f1"][^1] > 0.8, $"f1 {history["f1"][^1]}");
    }

    [Fact]
    public void A_regression_trains_on_mean_squared_error_and_reports_r2()
    {
        LeptonRuntime.Seed(3);
        var x = randn(256, 2);
        var y = (2 * x[.., 0] - x[.., 1] + 0.5f).unsqueeze(1);
        using var data = new TensorDataset(x, y);
        var model = new Sequential(new Dense(1));
        model.Compile(new Adam(0.1), LossCatalog.Create("mse"), new R2Score(), new RootMeanSquaredError());
        var history = model.Fit(data, epochs: 20, batchSize: 32, verbose: Verbosity.Silent);
        Assert.True(history["r2"][^1] > 0.95, $"r2 {history["r2"][^1]}");
    }
}
