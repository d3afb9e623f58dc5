using Lepton.Export.Ensembles;
using Lepton.Export.Tests.Compression;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Ensembles;

public sealed class EnsembleTests
{
    public EnsembleTests() => LeptonRuntime.EnsureNative();

    [Fact]
    public void Averaging_gives_the_mean_of_the_members_probabilities()
    {
        LeptonRuntime.Seed(21);
        var members = Enumerable.Range(0, 3).Select(i => Net($"net_{i}")).ToList();
        using var x = randn(16, 4);
        var ensemble = new Ensemble(members);

        var expected = members.Select(m => m.PredictProbabilities(x)).Aggregate((a, b) => a + b) / 3;
        Assert.True(ensemble.Predict(x).allclose(expected, rtol: 1e-5, atol: 1e-6));
        Assert.True(ensemble.PredictProbabilities(x).allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Weights_weigh_the_average()
    {
        LeptonRuntime.Seed(22);
        var a = Net("a");
        var b = Net("b");
        using var x = randn(8, 4);
        var ensemble = new Ensemble([a, b], weights: [1, 3]);
        var expected = (a.PredictProbabilities(x) + (b.PredictProbabilities(x) * 3)) / 4;
        Assert.True(ensemble.Predict(x).allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Voting_counts_weighted_votes_and_gives_a_tie_to_the_lowest_class()
    {
        var first = Constant("always_0", [2f, 0f, 1f]);
        var last = Constant("always_2", [0f, 1f, 2f]);
        using var x = randn(5, 4);

        var tied = new Ensemble([first, last], EnsembleMethod.Voting).Predict(x);
        Assert.Equal([0.5f, 0f, 0.5f], tied[0].data<float>().ToArray());
        Assert.All(tied.argmax(1).data<long>().ToArray(), c => Assert.Equal(0, c));

        var weighted = new Ensemble([first, last], EnsembleMethod.Voting, weights: [1, 2]).Predict(x);
        Assert.Equal(2f / 3, weighted[0][2].item<float>(), 6);
        Assert.All(weighted.argmax(1).data<long>().ToArray(), c => Assert.Equal(2, c));
    }

    [Fact]
    public void Stacking_fits_on_held_out_rows_and_does_at_least_as_well_as_a_bad_member()
    {
        LeptonRuntime.Seed(23);
        using var train = Blobs.Make(400, 4, 3, seed: 23, spread: 1.2);
        using var heldOut = Blobs.Make(300, 4, 3, seed: 24, spread: 1.2);
        using var test = Blobs.Make(400, 4, 3, seed: 25, spread: 1.2);
        var good = Net("good");
        good.Fit(train, epochs: 10, batchSize: 32, verbose: Verbosity.Silent);
        var bad = Constant("bad", [0f, 0f, 1f]);
        var ensemble = new Ensemble([bad, good], EnsembleMethod.Stacking);
        var notFitted = Assert.Throws<InvalidOperationException>(() => ensemble.Predict(test));
        Assert.Contains("FitMetaLearner", notFitted.Message, StringComparison.Ordinal);

        ensemble.FitMetaLearner(heldOut);

        var stacked = Accuracy(ensemble, test);
        var alone = Accuracy(good, test);
        Assert.True(stacked >= Accuracy(bad, test) && stacked >= alone - 0.02, $"stacking {stacked:0.000}, good member {alone:0.000}, bad member {Accuracy(bad, test):0.000}");
        Assert.Throws<InvalidOperationException>(() => new Ensemble([bad, good]).FitMetaLearner(heldOut));
    }

    [Fact]
    public void A_saved_ensemble_of_a_network_and_trees_loads_as_one_model_with_identical_predictions()
    {
        LeptonRuntime.Seed(24);
        using var folder = new TempFolder();
        using var data = Blobs.Make(64, 4, 3, seed: 26);
        var averaging = new Ensemble([Net("net"), Trees("trees")], weights: [2, 1], name: "mixed");
        var stacking = new Ensemble([Net("net_s"), Trees("trees_s")], EnsembleMethod.Stacking, name: "stacked");
        stacking.FitMetaLearner(data, epochs: 20);

        foreach (var ensemble in new[] { averaging, stacking })
        {
            var path = folder.PathOf($"{ensemble.Name}.lepton");
            ensemble.Save(path);
            var loaded = Assert.IsType<Ensemble>(Model.Load(path));
            Assert.Equal(ensemble.Method, loaded.Method);
            Assert.Equal(ensemble.Weights, loaded.Weights);
            Assert.True(ensemble.Predict(data).allclose(loaded.Predict(data), 0, 0), $"{ensemble.Name} predicts differently after loading");
            Assert.Equal(Accuracy(ensemble, data), loaded.Evaluate(data, extraMetrics: new Accuracy())["accuracy"], 6);
        }
    }

    [Fact]
    public void Members_with_different_output_shapes_are_an_error_naming_them()
    {
        var three = Net("three_classes");
        var four = new Sequential(new Shape(4), [new Dense(4)], "four_classes") { Metadata = { OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true) } };
        var error = Assert.Throws<Nn.ShapeMismatchException>(() => new Ensemble([three, four]));
        Assert.Contains("'three_classes' (None, 3)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'four_classes' (None, 4)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_members_and_weights_are_refused_with_the_reason()
    {
        var a = Net("a");
        var bare = new Sequential(new Shape(4), [new Dense(3)], "bare");
        Assert.Contains("'bare' has no loss", Assert.Throws<ArgumentException>(() => new Ensemble([a, bare])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Ensemble([a]));
        Assert.Throws<ArgumentException>(() => new Ensemble([a, a]));
        Assert.Throws<ArgumentException>(() => new Ensemble([a, Net("b")], weights: [1]));
        Assert.Throws<ArgumentException>(() => new Ensemble([a, Net("c")], weights: [0, 0]));
        using var data = Blobs.Make(16, 4, 3, seed: 1);
        Assert.Throws<InvalidOperationException>(() => new Ensemble([a, Net("d")]).Fit(data, verbose: Verbosity.Silent));
    }

    private static Sequential Net(string name)
    {
        var model = new Sequential(new Shape(4), [new Dense(8, "relu"), new Dense(3)], name);
        model.Compile(new Adam(0.02), new SparseCategoricalCrossentropy(fromLogits: true), new Accuracy());
        return model;
    }

    /// <summary>A model giving the same logits for every input.</summary>
    private static Sequential Constant(string name, float[] logits)
    {
        var model = new Sequential(new Shape(4), [new Dense(3)], name) { Metadata = { OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true) } };
        using var noGrad = no_grad();
        foreach (var (pname, p) in model.named_parameters())
        {
            if (pname.EndsWith("weight", StringComparison.Ordinal)) p.zero_();
            else p.copy_(tensor(logits));
        }
        return model;
    }

    /// <summary>A gradient-boosted-trees model: one stump per class on feature c, as a LightGBM multiclass model is stored.</summary>
    private static Model Trees(string name)
    {
        var trees = Enumerable.Range(0, 3).Select(c => new DecisionTree([c], [0f], [~0], [~1], [true], [-1.0, 1.0], c)).ToList();
        var input = new Input(4);
        var output = new TreeEnsemble(4, TreeObjective.Multiclass, trees).Apply(input);
        return new Model(input, output, name) { Metadata = { OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true) } };
    }

    private static double Accuracy(Model model, Lepton.Data.Dataset data)
    {
        var predicted = model.Predict(data).argmax(1);
        var labels = cat(new Lepton.Data.DataLoader(data, 1024).Select(b => b.Target!).ToList(), 0);
        return predicted.eq(labels).to(ScalarType.Float32).mean().item<float>();
    }
}
