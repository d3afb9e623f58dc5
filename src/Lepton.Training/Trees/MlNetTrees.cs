using Lepton.Nn.Layers;
using Microsoft.ML.Trainers.FastTree;

namespace Lepton.Training.Trees;

/// <summary>ML.NET's trained trees as <see cref="DecisionTree"/>s: the same nodes and leaves, each tree's weight folded into its leaves.</summary>
internal static class MlNetTrees
{
    public static IEnumerable<DecisionTree> Read(RegressionTreeEnsemble ensemble, int output)
    {
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            var weight = ensemble.TreeWeights[t];
            if (tree.NumberOfLeaves <= 1)
            {
                yield return DecisionTree.Constant(tree.LeafValues.Count > 0 ? tree.LeafValues[0] * weight : 0, output);
                continue;
            }
            var nodes = tree.NumberOfNodes;
            if (tree.CategoricalSplitFlags.Take(nodes).Any(c => c))
                throw new InvalidOperationException("LightGBM made a categorical split, which a TreeEnsemble does not hold; the trainer turns categorical splits off, so this is a bug.");
            yield return new DecisionTree(
                tree.NumericalSplitFeatureIndexes.Take(nodes).ToArray(),
                tree.NumericalSplitThresholds.Take(nodes).ToArray(),
                tree.LeftChild.Take(nodes).ToArray(),
                tree.RightChild.Take(nodes).ToArray(),
                MlNetInternals.MissingGoesLeft(tree, nodes),
                tree.LeafValues.Take(tree.NumberOfLeaves).Select(v => v * weight).ToArray(),
                output);
        }
    }
}
