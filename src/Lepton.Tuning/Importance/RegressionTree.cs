namespace Lepton.Tuning.Importance;

/// <summary>
/// A regression tree grown as scikit-learn's (squared error, every feature considered at every split, split until a
/// node is pure or holds one row); numbers split at midpoints, choices split into two sets of categories (ordered by
/// their mean, which finds the best such split for squared error).
/// </summary>
internal sealed class RegressionTree
{
    private readonly List<Node> nodes = [];
    private readonly double[][] x;
    private readonly double[] y;
    private readonly FeatureDomain[] domains;
    private readonly int maxDepth;

    private RegressionTree(double[][] x, double[] y, FeatureDomain[] domains, int maxDepth)
    {
        this.x = x;
        this.y = y;
        this.domains = domains;
        this.maxDepth = maxDepth;
    }

    /// <summary>The nodes; the root is the first.</summary>
    public IReadOnlyList<Node> Nodes => nodes;

    /// <summary>Grows a tree on <paramref name="rows"/> of <paramref name="x"/> (a row may repeat, as in a bootstrap sample).</summary>
    public static RegressionTree Fit(double[][] x, double[] y, int[] rows, FeatureDomain[] domains, int maxDepth)
    {
        var tree = new RegressionTree(x, y, domains, maxDepth);
        tree.Grow(rows, 0);
        return tree;
    }

    /// <summary>The value the tree predicts for a row of features.</summary>
    public double Predict(double[] features)
    {
        var node = nodes[0];
        while (node.Feature >= 0) node = nodes[node.GoesLeft(features[node.Feature]) ? node.Left : node.Right];
        return node.Value;
    }

    private int Grow(int[] rows, int depth)
    {
        var index = nodes.Count;
        nodes.Add(default);
        double sum = 0, squares = 0;
        foreach (var r in rows)
        {
            sum += y[r];
            squares += y[r] * y[r];
        }
        var mean = sum / rows.Length;
        var sse = squares - sum * mean;
        var split = depth < maxDepth && rows.Length >= 2 && sse > 1e-12 * Math.Max(squares, 1e-300) ? BestSplit(rows, sum) : null;
        if (split is not { } s)
        {
            nodes[index] = new Node(-1, 0, null, -1, -1, mean);
            return index;
        }

        var left = rows.Where(r => s.GoesLeft(x[r][s.Feature])).ToArray();
        var right = rows.Where(r => !s.GoesLeft(x[r][s.Feature])).ToArray();
        var l = Grow(left, depth + 1);
        var rr = Grow(right, depth + 1);
        nodes[index] = s with { Left = l, Right = rr, Value = mean };
        return index;
    }

    /// <summary>The split that lowers the squared error most, or null when none lowers it.</summary>
    private Node? BestSplit(int[] rows, double sum)
    {
        var parent = sum * sum / rows.Length;
        var bestScore = parent + 1e-10 * Math.Abs(parent) + 1e-300;
        Node? best = null;
        for (var f = 0; f < domains.Length; f++)
        {
            var candidate = domains[f].Categorical ? CategorySplit(rows, f) : NumberSplit(rows, f);
            if (candidate is { } c && c.Score > bestScore)
            {
                bestScore = c.Score;
                best = c.Node;
            }
        }
        return best;
    }

    private (double Score, Node Node)? NumberSplit(int[] rows, int f)
    {
        var order = rows.OrderBy(r => x[r][f]).ToArray();
        var total = order.Sum(r => y[r]);
        double left = 0, bestScore = double.NegativeInfinity, threshold = 0;
        for (var i = 0; i < order.Length - 1; i++)
        {
            left += y[order[i]];
            var (a, b) = (x[order[i]][f], x[order[i + 1]][f]);
            if (a == b) continue;
            var n = i + 1;
            var score = left * left / n + (total - left) * (total - left) / (order.Length - n);
            if (score <= bestScore) continue;
            bestScore = score;
            var mid = a + (b - a) / 2;
            threshold = mid < b ? mid : a;
        }
        return double.IsNegativeInfinity(bestScore) ? null : (bestScore, new Node(f, threshold, null, -1, -1, 0));
    }

    private (double Score, Node Node)? CategorySplit(int[] rows, int f)
    {
        var k = domains[f].Categories;
        var counts = new int[k];
        var sums = new double[k];
        foreach (var r in rows)
        {
            var c = (int)x[r][f];
            counts[c]++;
            sums[c] += y[r];
        }
        var present = Enumerable.Range(0, k).Where(c => counts[c] > 0).OrderBy(c => sums[c] / counts[c]).ThenBy(c => c).ToArray();
        if (present.Length < 2) return null;
        var total = sums.Sum();
        double left = 0, bestScore = double.NegativeInfinity;
        int n = 0, bestCut = 0, bestLeftRows = 0;
        for (var i = 0; i < present.Length - 1; i++)
        {
            left += sums[present[i]];
            n += counts[present[i]];
            var score = left * left / n + (total - left) * (total - left) / (rows.Length - n);
            if (score <= bestScore) continue;
            (bestScore, bestCut, bestLeftRows) = (score, i + 1, n);
        }
        // A category no row of this node has goes with the larger side.
        var goesLeft = new bool[k];
        if (bestLeftRows > rows.Length - bestLeftRows)
        {
            for (var c = 0; c < k; c++) goesLeft[c] = counts[c] == 0;
        }
        foreach (var c in present.Take(bestCut)) goesLeft[c] = true;
        return (bestScore, new Node(f, 0, goesLeft, -1, -1, 0));
    }

    /// <summary>A node: a leaf (<see cref="Feature"/> −1) with its <see cref="Value"/>, or a split on one feature.</summary>
    internal readonly record struct Node(int Feature, double Threshold, bool[]? LeftCategories, int Left, int Right, double Value)
    {
        public bool GoesLeft(double value) => LeftCategories is { } set ? set[(int)value] : value <= Threshold;
    }
}
