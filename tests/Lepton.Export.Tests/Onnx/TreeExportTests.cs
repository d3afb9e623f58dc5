using Lepton.Export.Onnx;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>
/// Tree ensembles as ONNX-ML <c>TreeEnsembleRegressor</c>: the raw scores equal Lepton's at, just around and far from
/// every threshold and for NaNs, for hand-built, regression, binary and multiclass ensembles, alone or after other layers.
/// </summary>
public sealed class TreeExportTests
{
    [Fact]
    public void Ensembles_give_Lepton_scores_at_thresholds_and_for_NaNs_on_many_rows()
    {
        var cases = new (string Name, LayerCase Case)[]
        {
            ("hand_built", TreeCases.Stack(4, 1, TreeCases.HandBuilt())),
            ("regression", TreeCases.Stack(6, 2, TreeCases.Random(3, 6, 1, 30, 4, TreeObjective.Regression))),
            ("binary", TreeCases.Stack(5, 4, TreeCases.Random(5, 5, 1, 12, 3, TreeObjective.Binary))),
            ("multiclass", TreeCases.Stack(7, 6, TreeCases.Random(7, 7, 4, 40, 5, TreeObjective.Multiclass))),
        };
        using var folder = new TempFolder();
        var paths = new List<string>();
        foreach (var (name, layerCase) in cases)
        {
            var path = ExportVerification.ExportAndCompare(layerCase.Model, layerCase.Inputs, folder.Path, $"{name}.onnx");
            // Many rows: every node sees values at, below and above its threshold, and NaNs, both ways.
            ExportVerification.Compare(layerCase.Model, path, layerCase.Inputs(400), name);
            paths.Add(path);
        }
        OnnxChecker.AssertValid([.. paths]);
    }

    [Fact]
    public void An_ensemble_after_other_layers_reads_their_output()
    {
        var trees = TreeCases.HandBuilt(features: 4, name: "trees");
        var model = new Sequential(new Shape(6), new Dense(4, "tanh"), trees);
        ExportVerification.Randomize(model, 3);
        ExportVerification.Verify(model, batch => [randn([batch, 6])]);
    }

    [Fact]
    public void The_file_imports_ONNX_ML_and_writes_the_raw_scores()
    {
        var model = TreeCases.Stack(4, 1, TreeCases.HandBuilt()).Model;
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model));

        Assert.Contains(proto.OpsetImport, o => o.Domain == "ai.onnx.ml" && o.Version == 3);
        var node = Assert.Single(proto.Graph.Node);
        Assert.Equal(("ai.onnx.ml", "TreeEnsembleRegressor"), (node.Domain, node.OpType));
        Assert.Equal("NONE", node.Attribute.Single(a => a.Name == "post_transform").S.ToStringUtf8());
        Assert.Equal("SUM", node.Attribute.Single(a => a.Name == "aggregate_function").S.ToStringUtf8());
        Assert.Equal(3, node.Attribute.Single(a => a.Name == "n_targets").I);
        Assert.Equal([0.1f, -0.2f, 0.3f], node.Attribute.Single(a => a.Name == "base_values").Floats);
        // Five trees: 3 + 2 + 1 + 3 + 1 branches, each with two children of its own (the constant tree's leaf twice).
        Assert.Equal(10, node.Attribute.Single(a => a.Name == "nodes_modes").Strings.Count(s => s.ToStringUtf8() == "BRANCH_LEQ"));
        Assert.Equal(15, node.Attribute.Single(a => a.Name == "target_weights").Floats.Count);
    }

    [Fact]
    public void A_model_without_trees_imports_only_the_default_domain()
    {
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(new Sequential(new Shape(2), new Dense(2))));
        Assert.Equal("", proto.OpsetImport.Single().Domain);
    }
}
