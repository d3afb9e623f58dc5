using System.Diagnostics;
using Lepton.Data;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Nn.Tests.Training;

public sealed class FitTests
{
    [Fact]
    public void Fit_returns_a_history_with_one_value_per_epoch_for_loss_metrics_and_validation()
    {
        LeptonRuntime.Seed(3);
        using var data = TestData.Separable();
        var history = TestData.Classifier().Fit(data, epochs: 3, batchSize: 64, validationSplit: 0.25, verbose: Verbosity.Silent);

        Assert.Equal(["accuracy", "learning_rate", "loss", "val_accuracy", "val_loss"], history.Values.Keys.Order());
        Assert.All(history.Values.Values, v => Assert.Equal(3, v.Count));
        Assert.True(history["loss"][2] < history["loss"][0]);
        Assert.Equal([0, 1, 2], history.Epochs);
        Assert.False(history.StoppedEarly);
    }

    [Fact]
    public void Fit_says_which_examples_validate_and_offers_a_shuffled_and_a_stratified_split()
    {
        LeptonRuntime.Seed(6);
        using var data = TestData.Separable(200);

        var last = TestData.Classifier().Fit(data, epochs: 1, batchSize: 64, validationSplit: 0.25, verbose: Verbosity.Silent);
        Assert.StartsWith("validation: the last 50 of 200 examples (25%), not shuffled, as Keras's validation_split", last.Validation);

        var shuffled = TestData.Classifier().Fit(data, epochs: 1, batchSize: 64, validationSplit: 0.25, validationSplitMode: ValidationSplitMode.Shuffled, verbose: Verbosity.Silent);
        Assert.Equal("validation: 50 of 200 examples (25%) drawn at random", shuffled.Validation);

        var stratified = TestData.Classifier().Fit(data, epochs: 1, batchSize: 64, validationSplit: 0.25, validationSplitMode: ValidationSplitMode.Stratified, verbose: Verbosity.Silent);
        Assert.Matches(@"^validation: (49|50|51) of 200 examples \(25% of each class\) drawn at random within each class$", stratified.Validation);
        Assert.Single(stratified["val_loss"]);

        var none = TestData.Classifier().Fit(data, epochs: 1, batchSize: 64, verbose: Verbosity.Silent);
        Assert.Null(none.Validation);
    }

    [Fact]
    public void Validation_split_works_for_a_lazily_read_dataset()
    {
        LeptonRuntime.Seed(4);
        using var source = TestData.Separable(256);
        var lazy = new LazyDataset(source);
        var history = TestData.Classifier().Fit(lazy, epochs: 2, batchSize: 32, validationSplit: 0.25, verbose: Verbosity.Silent);
        Assert.Equal(2, history["val_loss"].Count);
        Assert.True(lazy.Reads > 0);
    }

    [Fact]
    public void Callbacks_see_events_in_order()
    {
        LeptonRuntime.Seed(5);
        using var data = TestData.Separable(100);
        var recorder = new RecordingCallback();
        TestData.Classifier().Fit(data, epochs: 2, batchSize: 50, callbacks: [recorder], verbose: Verbosity.Silent);
        Assert.Equal(
            ["train_begin epochs=2 steps=2", "epoch_begin 0", "batch_end 0", "batch_end 1", "epoch_end 0",
             "epoch_begin 1", "batch_end 0", "batch_end 1", "epoch_end 1", "train_end"],
            recorder.Events);
    }

    [Fact]
    public void Cancellation_stops_after_the_current_batch_and_still_ends_training()
    {
        LeptonRuntime.Seed(6);
        using var data = TestData.Separable(512);
        using var cts = new CancellationTokenSource();
        var recorder = new RecordingCallback { OnBatch = b => { if (b == 2) cts.Cancel(); } };
        var history = TestData.Classifier().Fit(data, epochs: 5, batchSize: 32, callbacks: [recorder], verbose: Verbosity.Silent, cancellationToken: cts.Token);

        Assert.True(history.Cancelled);
        Assert.Equal(3, recorder.Events.Count(e => e.StartsWith("batch_end", StringComparison.Ordinal)));
        Assert.DoesNotContain("epoch_end 0", recorder.Events);
        Assert.Equal("train_end", recorder.Events[^1]);
    }

    [Fact]
    public void Cancellation_keeps_the_best_checkpoint_of_the_completed_epochs()
    {
        LeptonRuntime.Seed(7);
        using var data = TestData.Separable(512);
        var path = TempFile();
        using var cts = new CancellationTokenSource();
        var batches = 0;
        var recorder = new RecordingCallback { OnBatch = _ => { if (++batches == 16 + 5) cts.Cancel(); } };
        var checkpoint = new ModelCheckpoint(path, monitor: "loss");
        var history = TestData.Classifier().Fit(data, epochs: 5, batchSize: 32, callbacks: [checkpoint, recorder], verbose: Verbosity.Silent, cancellationToken: cts.Token);

        Assert.True(history.Cancelled);
        Assert.Single(history.Epochs);
        Assert.True(File.Exists(path));
        Assert.Equal(history["loss"][0], Model.Load(path).Metadata.Metrics["loss"], 6);
    }

    [Fact]
    public void Same_seed_gives_identical_weights()
    {
        float[] Train()
        {
            LeptonRuntime.Seed(42);
            using var data = TestData.Separable(256);
            var model = TestData.Classifier();
            model.Fit(data, epochs: 2, batchSize: 32, verbose: Verbosity.Silent);
            return model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
        }

        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void Class_weights_apply_to_sequence_targets()
    {
        LeptonRuntime.Seed(8);
        // 64 sequences of 5 steps, 3 features each; the class of a step is the sign of its first feature.
        var x = randn(64, 5, 3);
        var y = (x[.., .., 0] > 0).to(ScalarType.Int64);
        using var data = new TensorDataset(x, y);
        var model = new Sequential(new Dense(8, "relu"), new Dense(2));
        model.Compile(new Adam(0.05), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
        model.Fit(data, epochs: 20, batchSize: 16, classWeight: new Dictionary<int, double> { [0] = 1, [1] = 0 }, verbose: Verbosity.Silent);

        // Class 1 carries no weight, so the model learns to predict class 0 everywhere.
        using var predicted = model.Predict(x).argmax(-1);
        Assert.Equal(0, predicted.sum().item<long>());
    }

    [Fact]
    public void A_diverging_loss_stops_with_a_message_that_says_what_to_do()
    {
        using var data = new TensorDataset(tensor(new float[] { 1, float.NaN, 3, 4 }, [4, 1]), tensor(new long[] { 0, 1, 0, 1 }));
        var error = Assert.Throws<InvalidOperationException>(() => TestData.Classifier().Fit(data, epochs: 1, batchSize: 4, verbose: Verbosity.Silent));
        Assert.Contains("NaN", error.Message);
        Assert.Contains("learning rate", error.Message);
    }

    [Fact]
    public void Fit_before_compile_says_to_compile()
    {
        using var data = TestData.Separable(32);
        var error = Assert.Throws<InvalidOperationException>(() => new Sequential(new Dense(2)).Fit(data, verbose: Verbosity.Silent));
        Assert.Contains("Compile", error.Message);
    }

    [Fact]
    public void A_wrong_input_shape_names_the_layer_and_both_shapes()
    {
        var model = new Sequential(new Shape(4), new Dense(3, name: "hidden"), new Dense(2));
        var error = Assert.Throws<ShapeMismatchException>(() => model.Predict(randn(2, 5)));
        Assert.Contains("(None, 4)", error.Message);
        Assert.Contains("(None, 5)", error.Message);
        Assert.Contains("hidden", error.Message);
    }

    [Fact]
    public void Native_memory_stays_flat_over_many_batches()
    {
        LeptonRuntime.Seed(9);
        using var data = new TensorDataset(randn(2048, 256), randint(0, 4, [2048]));
        var model = new Sequential(new Dense(512, "relu"), new Dense(512, "relu"), new Dense(4));
        model.Compile(new Adam(1e-3), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
        model.Fit(data, epochs: 2, batchSize: 64, validationSplit: 0.1, verbose: Verbosity.Silent);
        var before = ResidentBytes();

        // 20 more epochs = 580 steps; a leak of one activation per step would add > 70 MB.
        model.Fit(data, epochs: 20, batchSize: 64, validationSplit: 0.1, verbose: Verbosity.Silent);
        var growth = ResidentBytes() - before;
        Assert.True(growth < 40L * 1024 * 1024, $"resident memory grew by {growth / 1048576.0:0.0} MB over 580 steps");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    internal static string TempFile(string extension = ".lepton") =>
        Path.Combine(Path.GetTempPath(), $"lepton-test-{Guid.NewGuid():N}{extension}");

    /// <summary>Reads examples one at a time from a tensor dataset, as a file-backed dataset would.</summary>
    private sealed class LazyDataset(TensorDataset source) : ItemDataset
    {
        public int Reads { get; private set; }

        public override int Count => source.Count;

        public override IReadOnlyList<Shape> InputShapes => source.InputShapes;

        public override Shape? TargetShape => source.TargetShape;

        protected override (IReadOnlyList<Tensor> Inputs, Tensor? Target) ReadItem(int index)
        {
            Reads++;
            return ([source.Input()[index].clone()], source.Target![index].clone());
        }
    }
}
