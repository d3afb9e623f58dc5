using Lepton.Export.Compression;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Compression;

public sealed class PruningTests
{
    public PruningTests() => LeptonRuntime.EnsureNative();

    [Fact]
    public void Per_layer_pruning_reaches_the_sparsity_exactly_in_every_kernel()
    {
        LeptonRuntime.Seed(1);
        using var data = Blobs.Make(256, 12, 3, seed: 1);
        var model = Mlp();
        var pruning = new Pruning(new ConstantSparsity(0.6));
        model.Fit(data, epochs: 2, batchSize: 32, callbacks: [pruning], verbose: Verbosity.Silent);

        var report = pruning.Report();
        Assert.Equal(["dense_a", "dense_b", "dense_c"], report.Select(r => r.Layer).ToArray());
        Assert.All(report, r => Assert.Equal((long)Math.Round(0.6 * r.Count), r.Zeros));
        Assert.Equal(0.6, pruning.Sparsity);
    }

    [Fact]
    public void Global_pruning_reaches_the_sparsity_over_all_kernels_and_spares_the_larger_layer()
    {
        LeptonRuntime.Seed(2);
        using var data = Blobs.Make(256, 12, 3, seed: 2);
        var model = Mlp();
        model.Build([new Shape(12)]);
        using (no_grad()) Kernel(model, "dense_b").mul_(10);
        var pruning = new Pruning(new ConstantSparsity(0.7), PruningScope.Global);
        model.Fit(data, epochs: 1, batchSize: 32, callbacks: [pruning], verbose: Verbosity.Silent);

        var report = pruning.Report();
        var total = report.Sum(r => r.Count);
        Assert.Equal((long)Math.Round(0.7 * total), report.Sum(r => r.Zeros));
        var large = report.Single(r => r.Layer == "dense_b").Sparsity;
        Assert.All(report.Where(r => r.Layer != "dense_b"), r => Assert.True(r.Sparsity > large + 0.3, $"{r.Layer} {r.Sparsity:P0} vs dense_b {large:P0}"));
    }

    [Fact]
    public void Pruned_weights_stay_zero_through_further_training_until_stripped()
    {
        LeptonRuntime.Seed(3);
        using var data = Blobs.Make(256, 12, 3, seed: 3);
        var model = Mlp(learningRate: 0.05);
        // 8 steps per epoch: masks at steps 0, 4, 8 and 10 (the end), fixed after.
        var pruning = new Pruning(new PolynomialDecay(0.2, 0.8, beginStep: 0, endStep: 10, frequency: 4));
        model.Fit(data, epochs: 2, batchSize: 32, callbacks: [pruning], verbose: Verbosity.Silent);
        var zerosAfterFirst = ZeroPositions(model);
        Assert.Equal(16, pruning.Step);
        Assert.Equal(0.8, pruning.Sparsity, 12);

        model.Fit(data, epochs: 3, batchSize: 32, callbacks: [pruning], verbose: Verbosity.Silent);
        Assert.Equal(zerosAfterFirst, ZeroPositions(model));
        Assert.All(pruning.Report(), r => Assert.Equal((long)Math.Round(0.8 * r.Count), r.Zeros));

        var stripped = pruning.Strip();
        Assert.All(stripped, r => Assert.Equal((long)Math.Round(0.8 * r.Count), r.Zeros));
        // Stripped, the model is an ordinary one: more training moves the zeros again.
        model.Fit(data, epochs: 1, batchSize: 32, verbose: Verbosity.Silent);
        Assert.True(Pruning.Measure(model).All(r => r.Sparsity < 0.1));
    }

    [Fact]
    public void Biases_and_normalization_are_never_pruned()
    {
        LeptonRuntime.Seed(4);
        using var data = Blobs.Make(256, 12, 3, seed: 4);
        var model = new Sequential(new Shape(12), [new Dense(16, "relu", name: "dense_a"), new BatchNorm(name: "norm"), new Dense(3, name: "dense_out")], "bn_mlp");
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(fromLogits: true));
        model.Build([new Shape(12)]);
        // Biases start away from zero here: a unit whose kernel is all pruned would otherwise keep its zero bias (ReLU'(0) = 0).
        using (no_grad())
        {
            foreach (var (_, p) in model.named_parameters().Where(p => p.parameter.dim() == 1)) p.fill_(0.5);
        }
        var pruning = new Pruning(new ConstantSparsity(0.9));
        model.Fit(data, epochs: 1, batchSize: 32, callbacks: [pruning], verbose: Verbosity.Silent);

        Assert.Equal(["dense_a.weight", "dense_out.weight"], pruning.Report().Select(r => $"{r.Layer}.{r.Weight}").ToArray());
        foreach (var (name, p) in model.named_parameters().Where(p => !p.name.EndsWith("weight", StringComparison.Ordinal) || p.name.StartsWith("norm", StringComparison.Ordinal)))
            Assert.True(p.eq(0).sum().item<long>() == 0, $"{name} has zeros");
    }

    [Fact]
    public void Recurrent_and_attention_kernels_are_pruned()
    {
        LeptonRuntime.Seed(5);
        var sequence = new Sequential(new Shape(6, 8), [new LSTM(5, name: "lstm_layer"), new Dense(2, name: "head")], "rnn");
        var attention = new Input(6, 8);
        var attended = new MultiHeadAttention(2, 4, name: "attention").Apply(attention, attention);
        var transformer = new Model(attention, new Flatten().Apply(attended), "attn");

        Assert.Equal(["lstm_layer.lstm.weight_ih_l0", "lstm_layer.lstm.weight_hh_l0", "head.weight"],
            Pruning.Measure(sequence).Select(r => $"{r.Layer}.{r.Weight}").ToArray());
        Assert.Equal(["attention.query", "attention.key", "attention.value", "attention.output"],
            Pruning.Measure(transformer).Select(r => r.Layer).ToArray());
    }

    [Fact]
    public void A_saved_and_loaded_pruned_model_keeps_its_zeros()
    {
        LeptonRuntime.Seed(6);
        using var data = Blobs.Make(256, 12, 3, seed: 6);
        using var folder = new TempFolder();
        var model = Mlp();
        var pruning = new Pruning(new PolynomialDecay(0, 0.75, 0, 8, frequency: 2));
        model.Fit(data, epochs: 2, batchSize: 32, callbacks: [pruning], verbose: Verbosity.Silent);
        var report = pruning.Strip();
        model.Save(folder.PathOf("pruned.lepton"));

        var loaded = Model.Load(folder.PathOf("pruned.lepton"));
        Assert.Equal(report, Pruning.Measure(loaded));
        Assert.Equal(ZeroPositions(model), ZeroPositions(loaded));
        Assert.True(model.Predict(data).allclose(loaded.Predict(data)));
    }

    [Fact]
    public void Naming_a_layer_prunes_only_it_and_an_unknown_name_is_an_error_listing_the_prunable_ones()
    {
        LeptonRuntime.Seed(7);
        using var data = Blobs.Make(64, 12, 3, seed: 7);
        var model = Mlp();
        var pruning = new Pruning(new ConstantSparsity(0.5), layers: ["dense_b"]);
        model.Fit(data, epochs: 1, batchSize: 32, callbacks: [pruning], verbose: Verbosity.Silent);
        Assert.Equal(["dense_b"], pruning.Report().Select(r => r.Layer).ToArray());
        Assert.Equal(0, Pruning.Measure(model).Single(r => r.Layer == "dense_a").Zeros);

        var wrong = new Pruning(new ConstantSparsity(0.5), layers: ["dense_z"]);
        var error = Assert.Throws<ArgumentException>(() => model.Fit(data, epochs: 1, callbacks: [wrong], verbose: Verbosity.Silent));
        Assert.Contains("'dense_z'", error.Message, StringComparison.Ordinal);
        Assert.Contains("dense_a, dense_b, dense_c", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Pruning(new ConstantSparsity(0.5), layers: []));
    }

    [Fact]
    public void The_report_formats_as_a_table_with_a_total()
    {
        var text = Pruning.Format([new PrunedWeight("dense", "weight", 100, 80), new PrunedWeight("head", "weight", 20, 10)]);
        Assert.Contains("dense.weight", text, StringComparison.Ordinal);
        Assert.Contains("Total", text, StringComparison.Ordinal);
        Assert.Contains("75.00", text, StringComparison.Ordinal);
    }

    private static Sequential Mlp(double learningRate = 0.01)
    {
        var model = new Sequential(new Shape(12), [new Dense(32, "relu", name: "dense_a"), new Dense(16, "relu", name: "dense_b"), new Dense(3, name: "dense_c")], "mlp");
        model.Compile(new Adam(learningRate), new SparseCategoricalCrossentropy(fromLogits: true));
        return model;
    }

    private static Tensor Kernel(Model model, string layer) =>
        model.named_parameters().Single(p => p.name == $"{layer}.weight").parameter;

    private static string[] ZeroPositions(Model model) =>
        Pruning.Measure(model).SelectMany(r =>
        {
            var weight = Kernel(model, r.Layer).detach().flatten();
            var zeros = weight.eq(0).nonzero().flatten().data<long>().ToArray();
            return zeros.Select(z => $"{r.Layer}:{z}");
        }).ToArray();
}
