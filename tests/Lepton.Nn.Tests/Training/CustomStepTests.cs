using Lepton.Data;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Training;

public sealed class CustomStepTests
{
    [Fact]
    public void A_custom_step_with_two_optimizers_trains_a_gan_on_a_gaussian()
    {
        LeptonRuntime.Seed(3);
        using var real = new TensorDataset(randn([1024, 1]) * 0.5 + 3.0, null);
        var gan = new TinyGan();
        var before = gan.SampleMean(2000);

        var history = gan.Fit(real, epochs: 12, batchSize: 64, verbose: Verbosity.Silent);

        Assert.Equal(["d_loss", "g_loss"], history.Values.Keys.Order().ToArray());
        Assert.Equal(12, history["d_loss"].Count);
        Assert.All(history["d_loss"].Concat(history["g_loss"]), v => Assert.True(double.IsFinite(v)));
        var after = gan.SampleMean(2000);
        Assert.True(Math.Abs(before - 3.0) > 1.5, $"the untrained generator's mean {before:0.00} is already near 3");
        Assert.True(Math.Abs(after - 3.0) < 0.6, $"the generator's mean went from {before:0.00} to {after:0.00}, not near 3");
    }

    [Fact]
    public void Callbacks_and_the_progress_line_see_what_a_custom_step_returns()
    {
        LeptonRuntime.Seed(4);
        using var real = new TensorDataset(randn([256, 1]) + 3.0, null);
        var recorder = new LogRecorder();
        var output = new StringWriter();
        new TinyGan().Fit(real, epochs: 2, batchSize: 64, callbacks: [recorder, new ProgressLogger(output, live: false)], verbose: Verbosity.Silent);

        Assert.Equal(4, recorder.Info!.StepsPerEpoch);
        Assert.Empty(recorder.Info.MetricNames);
        Assert.Equal(2, recorder.EpochLogs.Count);
        Assert.True(recorder.EpochLogs[1].ContainsKey("g_loss"));
        Assert.False(recorder.EpochLogs[1].ContainsKey("learning_rate"));
        Assert.Contains("d_loss:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("g_loss:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_step_keeps_native_memory_flat_across_epochs()
    {
        LeptonRuntime.Seed(5);
        using var real = new TensorDataset(randn([512, 1]) + 3.0, null);
        var live = new List<long>();
        var probe = new LiveTensorProbe(live);
        new TinyGan().Fit(real, epochs: 5, batchSize: 32, callbacks: [probe], verbose: Verbosity.Silent);
        // Epoch 1 creates the optimizers' state; after that nothing may accumulate.
        Assert.Equal(live[1], live[^1]);
    }

    [Fact]
    public void A_custom_test_step_scores_validation_data_and_evaluate()
    {
        LeptonRuntime.Seed(6);
        using var data = TestData.Separable(512);
        var (train, validation) = data.Split(0.25);
        var model = new Autoencoder(4);
        var history = model.Fit(train, epochs: 8, batchSize: 32, validationData: validation, verbose: Verbosity.Silent);

        Assert.Contains("val_reconstruction", history.Values.Keys);
        Assert.True(history["reconstruction"][^1] < history["reconstruction"][0] * 0.7, "the reconstruction error should fall");
        var scores = model.Evaluate(validation);
        Assert.Equal(history["val_reconstruction"][^1], scores["reconstruction"], 5);
        Assert.Throws<ArgumentException>(() => model.Evaluate(validation, 256, new Accuracy()));
    }

    [Fact]
    public void A_custom_step_can_add_to_the_compiled_step_by_calling_base()
    {
        LeptonRuntime.Seed(7);
        using var data = TestData.Separable(256);
        var model = new CountingClassifier();
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
        var history = model.Fit(data, epochs: 3, batchSize: 32, verbose: Verbosity.Silent);

        Assert.Equal(24, model.Steps);
        Assert.True(history["accuracy"][^1] > 0.85, $"accuracy {history["accuracy"][^1]:0.00}");
        Assert.Equal(history["batch_size"], [32.0, 32.0, 32.0]);
        Assert.Contains("learning_rate", history.Values.Keys);
    }

    [Fact]
    public void A_step_that_returns_a_tensor_of_many_numbers_is_an_error_naming_the_figure_and_shape()
    {
        using var real = new TensorDataset(randn([64, 1]), null);
        var error = Assert.Throws<InvalidOperationException>(() => new BadStep().Fit(real, epochs: 1, batchSize: 16, verbose: Verbosity.Silent));
        Assert.Contains("'per_example'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[16, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_train_step_refuses_class_weights_and_unscorable_validation()
    {
        using var real = new TensorDataset(randn([64, 1]), null);
        Assert.Throws<ArgumentException>(() => new TinyGan().Fit(real, classWeight: new Dictionary<int, double> { [0] = 2 }, verbose: Verbosity.Silent));
        var error = Assert.Throws<ArgumentException>(() => new TinyGan().Fit(real, validationSplit: 0.25, verbose: Verbosity.Silent));
        Assert.Contains("TestStep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minimize_changes_only_the_given_layers_weights()
    {
        LeptonRuntime.Seed(8);
        var first = new Dense(1);
        var second = new Dense(1);
        first.Build([new Shape(2)]);
        second.Build([new Shape(1)]);
        var before = second.parameters().Select(p => p.detach().clone()).ToList();
        var firstBefore = first.parameters().Select(p => p.detach().clone()).ToList();
        var optimizer = new Sgd(0.1);
        using (var scope = NewDisposeScope())
        {
            var loss = second.Forward(first.Forward(ones(4, 2))).pow(2).mean();
            optimizer.Minimize(loss, first);
        }
        Assert.All(second.parameters().Zip(before), pair => Assert.True(pair.First.detach().equal(pair.Second).all().item<bool>()));
        Assert.Contains(first.parameters().Zip(firstBefore), pair => !pair.First.detach().equal(pair.Second).all().item<bool>());
        Assert.Throws<ArgumentException>(() => optimizer.Minimize(ones(3), first));
        Assert.Throws<ArgumentException>(() => optimizer.Minimize(tensor(1.0f), first));
    }

    /// <summary>A GAN in one dimension: the generator maps noise to numbers, the discriminator tells them from real ones.</summary>
    private sealed class TinyGan : Model
    {
        private readonly Sequential _generator = new(new Dense(16, "relu"), new Dense(1));
        private readonly Sequential _discriminator = new(new Dense(16, "relu"), new Dense(1));
        private readonly Adam _gOptimizer = new(0.01);
        private readonly Adam _dOptimizer = new(0.01);
        private readonly BinaryCrossentropy _bce = new(fromLogits: true);

        public TinyGan() : base("tiny_gan")
        {
            _generator.Build([new Shape(4)]);
            _discriminator.Build([new Shape(1)]);
            register_module("generator", _generator);
            register_module("discriminator", _discriminator);
        }

        protected override Shape Build(Shape input) => _discriminator.OutputShape;

        protected override Tensor Call(Tensor input) => _discriminator.Forward(input);

        protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch)
        {
            var real = batch.Inputs[0];
            var n = real.shape[0];
            var fake = _generator.Forward(randn(n, 4));
            var dLoss = _bce.Compute(_discriminator.Forward(real), ones(n, 1)).mean()
                      + _bce.Compute(_discriminator.Forward(fake.detach()), zeros(n, 1)).mean();
            _dOptimizer.Minimize(dLoss, _discriminator);
            var gLoss = _bce.Compute(_discriminator.Forward(fake), ones(n, 1)).mean();
            _gOptimizer.Minimize(gLoss, _generator);
            return new Dictionary<string, Tensor> { ["d_loss"] = dLoss, ["g_loss"] = gLoss };
        }

        public double SampleMean(int count)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return _generator.Forward(randn(count, 4)).mean().item<float>();
        }
    }

    /// <summary>Learns to reproduce its input through a two-number bottleneck; scored by mean squared error.</summary>
    private sealed class Autoencoder : Model
    {
        private readonly Sequential _net;
        private readonly Adam _optimizer = new(0.01);

        public Autoencoder(int features) : base("autoencoder")
        {
            _net = new Sequential(new Dense(8, "relu"), new Dense(2), new Dense(8, "relu"), new Dense(features));
            _net.Build([new Shape(features)]);
            register_module("net", _net);
        }

        protected override Shape Build(Shape input) => _net.OutputShape;

        protected override Tensor Call(Tensor input) => _net.Forward(input);

        protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch)
        {
            var x = batch.Inputs[0];
            var loss = (Call(x) - x).pow(2).mean();
            _optimizer.Minimize(loss, this);
            return new Dictionary<string, Tensor> { ["reconstruction"] = loss };
        }

        protected override IReadOnlyDictionary<string, Tensor> TestStep(Batch batch)
        {
            var x = batch.Inputs[0];
            return new Dictionary<string, Tensor> { ["reconstruction"] = (Call(x) - x).pow(2).mean() };
        }
    }

    /// <summary>The compiled step plus a figure of its own.</summary>
    private sealed class CountingClassifier : Model
    {
        private readonly Sequential _net = new(new Dense(16, "relu"), new Dense(2));

        public CountingClassifier() : base("counting")
        {
            _net.Build([new Shape(4)]);
            register_module("net", _net);
        }

        public int Steps { get; private set; }

        protected override Shape Build(Shape input) => _net.OutputShape;

        protected override Tensor Call(Tensor input) => _net.Forward(input);

        protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch)
        {
            Steps++;
            var figures = new Dictionary<string, Tensor>(base.TrainStep(batch)) { ["batch_size"] = tensor((float)batch.Count) };
            return figures;
        }
    }

    private sealed class BadStep : Model
    {
        private readonly Dense _dense = new(1);

        public BadStep() : base("bad")
        {
            _dense.Build([new Shape(1)]);
            register_module("dense", _dense);
        }

        protected override Shape Build(Shape input) => _dense.OutputShape;

        protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch) =>
            new Dictionary<string, Tensor> { ["per_example"] = _dense.Forward(batch.Inputs[0]) };
    }

    private sealed class LogRecorder : Callback
    {
        public TrainingInfo? Info { get; private set; }

        public List<IReadOnlyDictionary<string, double>> EpochLogs { get; } = [];

        public override void OnTrainBegin(TrainingInfo info) => Info = info;

        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => EpochLogs.Add(logs);
    }

    private sealed class LiveTensorProbe(List<long> live) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) =>
            live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
