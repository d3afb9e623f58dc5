namespace Lepton.Nn.Layers;

/// <summary>
/// A <see cref="TreeEnsemble"/>'s trees as the flat tables its tensors hold: per tree, <see cref="Nodes"/> internal
/// nodes and <see cref="Nodes"/> + 1 leaves, shorter trees padded with unreachable nodes. Every index is a float, as
/// every tensor of a model file is float32 (exact up to 2^24, far above the bounds in <see cref="LayerLimits"/>).
/// <see cref="Problem"/> is the one check both a tree built in code and a tree read from a file pass: an index the
/// engine gathers with must be in range, since libtorch may crash on one that is not.
/// </summary>
internal sealed class TreeTables
{
    public TreeTables(int trees, int nodes, int outputs)
    {
        Trees = trees;
        Nodes = nodes;
        SplitFeature = new float[(long)trees * nodes];
        Threshold = new float[SplitFeature.Length];
        LeftChild = new float[SplitFeature.Length];
        RightChild = new float[SplitFeature.Length];
        DefaultLeft = new float[SplitFeature.Length];
        LeafValue = new float[(long)trees * (nodes + 1)];
        TreeOutput = new float[trees];
        Bias = new float[outputs];
        // Padding: every node a valid split whose children are leaf 0, never reached from a root.
        Array.Fill(LeftChild, -1f);
        Array.Fill(RightChild, -1f);
        Array.Fill(DefaultLeft, 1f);
    }

    public int Trees { get; }
    public int Nodes { get; }
    public int Leaves => Nodes + 1;
    public float[] SplitFeature { get; }
    public float[] Threshold { get; }
    public float[] LeftChild { get; }
    public float[] RightChild { get; }
    public float[] DefaultLeft { get; }
    public float[] LeafValue { get; }
    public float[] TreeOutput { get; }
    public float[] Bias { get; }

    /// <summary>The tables of <paramref name="trees"/>, padded to the largest tree.</summary>
    public static TreeTables From(IReadOnlyList<DecisionTree> trees, IReadOnlyList<double> bias)
    {
        var nodes = trees.Max(t => t.NodeCount);
        var tables = new TreeTables(trees.Count, nodes, bias.Count);
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var at = t * nodes;
            for (var n = 0; n < tree.NodeCount; n++)
            {
                tables.SplitFeature[at + n] = tree.SplitFeatures[n];
                tables.Threshold[at + n] = tree.Thresholds[n];
                tables.LeftChild[at + n] = tree.LeftChildren[n];
                tables.RightChild[at + n] = tree.RightChildren[n];
                tables.DefaultLeft[at + n] = tree.MissingGoesLeft[n] ? 1f : 0f;
            }
            for (var l = 0; l < tree.LeafValues.Count; l++) tables.LeafValue[(t * tables.Leaves) + l] = (float)tree.LeafValues[l];
            tables.TreeOutput[t] = tree.Output;
        }
        for (var k = 0; k < bias.Count; k++) tables.Bias[k] = (float)bias[k];
        return tables;
    }

    /// <summary>
    /// What is wrong with the tables for <paramref name="features"/> input features and <paramref name="outputs"/>
    /// outputs, or null: every index whole and in range, every tree a tree (each node reached once from the root, no
    /// cycle) no deeper than <paramref name="maxDepth"/> internal nodes, every value a number.
    /// </summary>
    public string? Problem(int features, int outputs, int maxDepth)
    {
        for (var i = 0; i < SplitFeature.Length; i++)
        {
            var where = $"tree {i / Nodes}, node {i % Nodes}";
            if (!IsIndex(SplitFeature[i], 0, features - 1)) return $"{where} splits on feature {SplitFeature[i]}, but the features run from 0 to {features - 1}";
            if (float.IsNaN(Threshold[i])) return $"{where} has a NaN threshold";
            if (!IsIndex(LeftChild[i], -Leaves, Nodes - 1)) return $"{where} has left child {LeftChild[i]}, outside [{-Leaves}, {Nodes - 1}] (a node index, or ~leaf)";
            if (!IsIndex(RightChild[i], -Leaves, Nodes - 1)) return $"{where} has right child {RightChild[i]}, outside [{-Leaves}, {Nodes - 1}] (a node index, or ~leaf)";
            if (DefaultLeft[i] is not (0f or 1f)) return $"{where} has default_left {DefaultLeft[i]}; it must be 0 or 1";
        }
        for (var i = 0; i < LeafValue.Length; i++)
        {
            if (!float.IsFinite(LeafValue[i])) return $"tree {i / Leaves}, leaf {i % Leaves} has the value {LeafValue[i]}";
        }
        for (var t = 0; t < Trees; t++)
        {
            if (!IsIndex(TreeOutput[t], 0, outputs - 1)) return $"tree {t} adds to output {TreeOutput[t]}, but the outputs run from 0 to {outputs - 1}";
        }
        for (var k = 0; k < Bias.Length; k++)
        {
            if (!float.IsFinite(Bias[k])) return $"the bias of output {k} is {Bias[k]}";
        }
        for (var t = 0; t < Trees; t++)
        {
            if (ShapeProblem(t, maxDepth) is { } problem) return $"tree {t} {problem}";
        }
        return null;
    }

    /// <summary>The largest number of internal nodes on a path from a root to a leaf.</summary>
    public int Depth()
    {
        var depth = 0;
        for (var t = 0; t < Trees; t++) depth = Math.Max(depth, TreeDepth(t, int.MaxValue, out _));
        return depth;
    }

    private string? ShapeProblem(int tree, int maxDepth)
    {
        TreeDepth(tree, maxDepth, out var problem);
        return problem;
    }

    /// <summary>Walks one tree from its root; a node reached twice (a cycle, or two parents) or a path deeper than the limit stops the walk.</summary>
    private int TreeDepth(int tree, int maxDepth, out string? problem)
    {
        problem = null;
        var at = tree * Nodes;
        var seen = new bool[Nodes];
        var stack = new Stack<(int Node, int Depth)>();
        stack.Push((0, 1));
        seen[0] = true;
        var deepest = 0;
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > maxDepth)
            {
                problem = $"is deeper than max_depth {maxDepth} (node {node} is at depth {depth})";
                return deepest;
            }
            deepest = Math.Max(deepest, depth);
            foreach (var child in new[] { (int)LeftChild[at + node], (int)RightChild[at + node] })
            {
                if (child < 0) continue;
                if (seen[child])
                {
                    problem = $"reaches node {child} twice (from node {node}): its children do not form a tree";
                    return deepest;
                }
                seen[child] = true;
                stack.Push((child, depth + 1));
            }
        }
        return deepest;
    }

    private static bool IsIndex(float value, int min, int max) => value == MathF.Floor(value) && value >= min && value <= max;
}
