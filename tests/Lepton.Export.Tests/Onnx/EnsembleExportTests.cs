using Lepton.Export.Ensembles;
using Lepton.Export.Onnx;
using Lepton.Export.Tests.Compression;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>
/// Ensembles as one ONNX graph: every member on the shared input, its probabilities, and the combination (weighted
/// averaging, weighted voting, stacking through the fitted meta-learner) equal to the ensemble's <c>Predict</c>.
/// </summary>
public sealed class EnsembleExportTests
{
    [Fact]
    public void Averaging_voting_and_stacking_of_networks_and_trees_give_the_ensembles_outputs()
    {
        LeptonRuntime.Seed(31);
        Model Member(int i) => i == 2 ? Trees("trees") : Net($"net_{i}", i);
        var cases = new List<(string Name, LayerCase Case, OnnxExportOptions? Options)>
        {
            ("averaging", Case(new Ensemble([Member(0), Member(1), Member(2)])), null),
            ("weighted", Case(new Ensemble([Member(0), Member(1)], weights: [1, 3])), null),
            ("voting", Case(new Ensemble([Member(0), Member(1), Member(2)], EnsembleMethod.Voting, weights: [2, 1, 1.5])), null),
            ("binary_voting", Case(new Ensemble([Binary("b0", 1), Binary("b1", 2), Binary("b2", 3)], EnsembleMethod.Voting)), null),
            ("averaging_13", Case(new Ensemble([Member(0), Member(2)])), new OnnxExportOptions { Opset = 13 }),
        };
        using var heldOut = Blobs.Make(200, 4, 3, seed: 32, spread: 1.2);
        var stacked = new Ensemble([Member(0), Member(1), Member(2)], EnsembleMethod.Stacking);
        stacked.FitMetaLearner(heldOut, epochs: 50);
        cases.Add(("stacking", Case(stacked), null));
        var binaryStack = new Ensemble([Binary("s0", 4), Binary("s1", 5)], EnsembleMethod.Stacking);
        using var binaryHeldOut = Blobs.Make(100, 4, 2, seed: 33, spread: 1.0);
        binaryStack.FitMetaLearner(binaryHeldOut, epochs: 30);
        cases.Add(("binary_stacking", Case(binaryStack), null));

        ExportVerification.VerifyAll(cases);
    }

    [Fact]
    public void Members_keep_their_names_under_a_prefix_and_an_unfitted_stack_is_refused()
    {
        var ensemble = new Ensemble([Net("a", 1), Net("b", 2)]);
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(ensemble));
        Assert.Contains(proto.Graph.Node, n => n.Output.Any(o => o.StartsWith("m0/", StringComparison.Ordinal)));
        Assert.Contains(proto.Graph.Node, n => n.Output.Any(o => o.StartsWith("m1/", StringComparison.Ordinal)));
        Assert.Equal("input", proto.Graph.Input.Single().Name);

        var unfitted = new Ensemble([Net("c", 3), Net("d", 4)], EnsembleMethod.Stacking);
        var error = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(unfitted));
        Assert.Contains("meta-learner is not fitted", error.Message);
    }

    private static LayerCase Case(Ensemble ensemble) => new(ensemble, batch => [randn([batch, 4]) * 2]);

    private static Sequential Net(string name, int seed)
    {
        var model = new Sequential(new Shape(4), [new Dense(8, "relu"), new Dense(3)], name) { Metadata = { OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true) } };
        ExportVerification.Randomize(model, seed);
        return model;
    }

    private static Sequential Binary(string name, int seed)
    {
        var model = new Sequential(new Shape(4), [new Dense(5, "tanh"), new Dense(1)], name) { Metadata = { OutputLoss = new BinaryCrossentropy(fromLogits: true) } };
        ExportVerification.Randomize(model, seed);
        return model;
    }

    private static Sequential Trees(string name) =>
        new(new Shape(4), [TreeCases.Random(3, 4, 3, 12, 3, TreeObjective.Multiclass)], name) { Metadata = { OutputLoss = new SparseCategoricalCrossentropy(fromLogits: true) } };
}
