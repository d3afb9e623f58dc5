using System.Globalization;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Training;

public sealed class CallbackTests
{
    [Fact]
    public void EarlyStopping_stops_after_patience_epochs_without_improvement()
    {
        LeptonRuntime.Seed(11);
        using var data = TestData.Separable(128);
        // No change can beat the first epoch by a million, so epochs 1 and 2 do not improve and epoch 2 stops.
        var stopper = new EarlyStopping("loss", patience: 1, minDelta: 1e6);
        var history = TestData.Classifier().Fit(data, epochs: 10, batchSize: 32, callbacks: [stopper], verbose: Verbosity.Silent);
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(2, stopper.StoppedEpoch);
        Assert.True(history.StoppedEarly);
    }

    [Fact]
    public void EarlyStopping_restores_the_best_weights_even_when_training_ran_all_its_epochs()
    {
        LeptonRuntime.Seed(12);
        using var data = TestData.Separable(512);
        var (train, validation) = data.Split(0.25);
        var model = TestData.Classifier(0.02);
        var stopper = new EarlyStopping("val_loss", patience: 100, restoreBestWeights: true);
        var sabotage = new ZeroWeightsBeforeLastEpoch(lastEpoch: 4);
        var history = model.Fit(train, epochs: 5, batchSize: 32, validationData: validation, callbacks: [sabotage, stopper], verbose: Verbosity.Silent);

        Assert.False(history.StoppedEarly);
        Assert.True(history["val_loss"][4] > history["val_loss"].Take(4).Min(), "the sabotaged last epoch should be worse");
        var restored = model.Evaluate(validation)["loss"];
        Assert.Equal(history["val_loss"].Min(), restored, 5);
    }

    [Fact]
    public void EarlyStopping_on_a_missing_quantity_says_what_the_logs_have()
    {
        using var data = TestData.Separable(64);
        var error = Assert.Throws<InvalidOperationException>(() =>
            TestData.Classifier().Fit(data, epochs: 2, callbacks: [new EarlyStopping("val_loss")], verbose: Verbosity.Silent));
        Assert.Contains("val_loss", error.Message);
        Assert.Contains("validationData", error.Message);
    }

    [Fact]
    public void ModelCheckpoint_saves_only_improvements_and_fills_the_epoch_placeholder()
    {
        LeptonRuntime.Seed(13);
        using var data = TestData.Separable(256);
        var folder = Directory.CreateTempSubdirectory("lepton-ckpt-").FullName;
        var everyEpoch = new ModelCheckpoint(Path.Combine(folder, "all-{epoch}.lepton"), saveBestOnly: false);
        var best = new ModelCheckpoint(Path.Combine(folder, "best.lepton"), monitor: "loss");
        var model = TestData.Classifier();
        var history = model.Fit(data, epochs: 3, batchSize: 32, callbacks: [everyEpoch, best], verbose: Verbosity.Silent);

        Assert.True(File.Exists(Path.Combine(folder, "all-1.lepton")));
        Assert.True(File.Exists(Path.Combine(folder, "all-3.lepton")));
        var reloaded = Model.Load(Path.Combine(folder, "best.lepton"));
        Assert.Equal(history["loss"].Min(), reloaded.Metadata.Metrics["loss"], 6);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void ReduceLROnPlateau_multiplies_the_rate_when_the_quantity_stalls()
    {
        LeptonRuntime.Seed(14);
        using var data = TestData.Separable(64);
        var reduce = new ReduceLROnPlateau("loss", factor: 0.5, patience: 1, minDelta: 1e6, minLearningRate: 0.0026);
        var history = TestData.Classifier(0.01).Fit(data, epochs: 4, batchSize: 32, callbacks: [reduce], verbose: Verbosity.Silent);
        // History logs the rate each epoch trained with. Epoch 0 sets the best; epochs 1 and 2 stall and each
        // halves the rate for the next epoch: 0.01, 0.01, 0.005, then 0.0025 raised to the 0.0026 floor.
        Assert.Equal([0.01, 0.01, 0.005, 0.0026], history["learning_rate"].Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void LearningRateScheduler_sets_the_rate_each_epoch()
    {
        using var data = TestData.Separable(64);
        var scheduler = new LearningRateScheduler((epoch, _) => 0.1 / (epoch + 1));
        var history = TestData.Classifier().Fit(data, epochs: 3, batchSize: 32, callbacks: [scheduler], verbose: Verbosity.Silent);
        Assert.Equal([0.1, 0.05, 0.1 / 3], history["learning_rate"].Select(v => Math.Round(v, 10)).ToArray(), new ToleranceComparer(1e-9));
    }

    [Fact]
    public void Step_schedules_and_gradient_clipping_apply_per_step()
    {
        using var data = TestData.Separable(64);
        var model = new Sequential(new Dense(2));
        var optimizer = new Sgd(0.1, schedule: new StepDecay(0.1, stepSize: 2, gamma: 0.5)) { ClipNorm = 1.0 };
        model.Compile(optimizer, new SparseCategoricalCrossentropy(fromLogits: true));
        model.Fit(data, epochs: 3, batchSize: 16, verbose: Verbosity.Silent);
        Assert.Equal(12, optimizer.Iterations);
        // The rate for step 11 (the last one taken) is 0.1 * 0.5^(11 / 2) = 0.1 * 0.5^5.
        Assert.Equal(0.1 * Math.Pow(0.5, 5), optimizer.LearningRate, 12);
    }

    [Fact]
    public void CsvLogger_writes_a_header_and_one_row_per_epoch()
    {
        using var data = TestData.Separable(64);
        var path = FitTests.TempFile(".csv");
        TestData.Classifier().Fit(data, epochs: 2, batchSize: 32, validationSplit: 0.25, callbacks: [new CsvLogger(path)], verbose: Verbosity.Silent);
        var lines = File.ReadAllLines(path);
        Assert.Equal("epoch,accuracy,learning_rate,loss,val_accuracy,val_loss", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("1,", lines[2], StringComparison.Ordinal);
        Assert.All(lines[1].Split(',')[1..], cell => double.Parse(cell, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Progress_output_follows_keras_when_redirected_one_line_per_epoch()
    {
        using var data = TestData.Separable(100);
        var output = new StringWriter();
        var logger = new ProgressLogger(output, live: false);
        TestData.Classifier().Fit(data, epochs: 2, batchSize: 25, callbacks: [logger], verbose: Verbosity.Silent);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("Epoch 1/2", lines[0]);
        Assert.Matches(@"^4/4 - \d+m?s - \d+(us|ms|s)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}$", lines[1]);
        Assert.DoesNotContain('\r', output.ToString());
    }

    [Fact]
    public void Progress_bar_line_has_keras_shape()
    {
        var line = ProgressLogger.Line(12, 1875, TimeSpan.FromMilliseconds(24), running: true,
            new Dictionary<string, double> { ["loss"] = 0.23451, ["accuracy"] = 0.91234, ["val_loss"] = 0.00012 });
        Assert.Equal("  12/1875 ──────────────────── 4s 2ms/step - accuracy: 0.9123 - loss: 0.2345 - val_loss: 1.2000e-04", line);
    }

    private sealed class ZeroWeightsBeforeLastEpoch(int lastEpoch) : Callback
    {
        public override void OnEpochBegin(int epoch)
        {
            if (epoch != lastEpoch) return;
            using var noGrad = no_grad();
            foreach (var p in Model.parameters()) p.zero_();
            Model.Compiled!.Optimizer.LearningRate = 1e-9;
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
