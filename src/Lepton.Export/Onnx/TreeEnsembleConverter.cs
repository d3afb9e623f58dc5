using Lepton.Nn.Layers;
using static Lepton.Export.Onnx.OnnxAttributes;
using static TorchSharp.torch;

namespace Lepton.Export.Onnx;

/// <summary>
/// <see cref="TreeEnsemble"/> as ONNX-ML's <c>TreeEnsembleRegressor</c> (domain "ai.onnx.ml", version 3): the raw
/// scores, one target per output, summed over the trees plus the bias as <c>base_values</c>, with no post transform
/// (the model's loss turns scores into predictions afterwards, as it does for the layer). Each internal node is a
/// <c>BRANCH_LEQ</c> (LightGBM's "at most the threshold goes left", compared in float as the layer does), its left
/// child the true branch and <c>default_left</c> the way a NaN goes. Only the nodes reachable from each root are
/// written (the layer's tables pad shorter trees), and every leaf reached gets its own node, so no node has two parents.
/// </summary>
internal static class TreeEnsembleConverter
{
    /// <summary>The ONNX-ML domain and the version of it the file imports.</summary>
    public const string Domain = "ai.onnx.ml";
    public const int DomainVersion = 3;

    public static string Convert(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var ensemble = (TreeEnsemble)layer;
        var nodes = ensemble.Nodes;
        var leaves = nodes + 1;
        var feature = Read(layer, "split_feature");
        var threshold = Read(layer, "threshold");
        var left = Read(layer, "left_child");
        var right = Read(layer, "right_child");
        var defaultLeft = Read(layer, "default_left");
        var leafValue = Read(layer, "leaf_value");
        var treeOutput = Read(layer, "tree_output");
        var bias = Read(layer, "bias");

        var written = new Written();
        for (var t = 0; t < ensemble.Trees; t++)
        {
            var next = 0;
            // (table index: a node from 0 up, ~leaf below, id in the ONNX tree); the root is node 0 with id 0.
            var stack = new Stack<(int Child, int Id)>();
            stack.Push((0, next++));
            while (stack.Count > 0)
            {
                var (child, id) = stack.Pop();
                written.TreeIds.Add(t);
                written.NodeIds.Add(id);
                if (child < 0)
                {
                    written.Leaf();
                    written.TargetTreeIds.Add(t);
                    written.TargetNodeIds.Add(id);
                    written.TargetIds.Add((long)treeOutput[t]);
                    written.TargetWeights.Add(leafValue[(t * leaves) + ~child]);
                    continue;
                }
                var at = (t * nodes) + child;
                var (trueId, falseId) = (next++, next++);
                written.Branch((long)feature[at], threshold[at], trueId, falseId, defaultLeft[at] > 0.5f);
                stack.Push(((int)right[at], falseId));
                stack.Push(((int)left[at], trueId));
            }
        }

        return graph.DomainNode(Domain, DomainVersion, "TreeEnsembleRegressor", [inputs[0]], layer.Name,
            Int("n_targets", ensemble.Outputs),
            String("aggregate_function", "SUM"),
            String("post_transform", "NONE"),
            Floats("base_values", bias),
            Ints("nodes_treeids", [.. written.TreeIds]),
            Ints("nodes_nodeids", [.. written.NodeIds]),
            Ints("nodes_featureids", [.. written.FeatureIds]),
            Floats("nodes_values", [.. written.Values]),
            Strings("nodes_modes", [.. written.Modes]),
            Ints("nodes_truenodeids", [.. written.TrueIds]),
            Ints("nodes_falsenodeids", [.. written.FalseIds]),
            Ints("nodes_missing_value_tracks_true", [.. written.MissingTrue]),
            Ints("target_treeids", [.. written.TargetTreeIds]),
            Ints("target_nodeids", [.. written.TargetNodeIds]),
            Ints("target_ids", [.. written.TargetIds]),
            Floats("target_weights", [.. written.TargetWeights]));
    }

    private static float[] Read(Layer layer, string name)
    {
        using var cpu = LayerWeights.Get(layer, name).detach().cpu().to_type(ScalarType.Float32).contiguous();
        return cpu.data<float>().ToArray();
    }

    /// <summary>The attribute lists, one entry per written node (and per leaf for the targets).</summary>
    private sealed class Written
    {
        public List<long> TreeIds { get; } = [];
        public List<long> NodeIds { get; } = [];
        public List<long> FeatureIds { get; } = [];
        public List<float> Values { get; } = [];
        public List<string> Modes { get; } = [];
        public List<long> TrueIds { get; } = [];
        public List<long> FalseIds { get; } = [];
        public List<long> MissingTrue { get; } = [];
        public List<long> TargetTreeIds { get; } = [];
        public List<long> TargetNodeIds { get; } = [];
        public List<long> TargetIds { get; } = [];
        public List<float> TargetWeights { get; } = [];

        public void Branch(long feature, float threshold, long trueId, long falseId, bool missingTrue) =>
            Add(feature, threshold, "BRANCH_LEQ", trueId, falseId, missingTrue ? 1 : 0);

        public void Leaf() => Add(0, 0f, "LEAF", 0, 0, 0);

        private void Add(long feature, float threshold, string mode, long trueId, long falseId, long missingTrue)
        {
            FeatureIds.Add(feature);
            Values.Add(threshold);
            Modes.Add(mode);
            TrueIds.Add(trueId);
            FalseIds.Add(falseId);
            MissingTrue.Add(missingTrue);
        }
    }
}
