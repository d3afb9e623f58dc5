using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Gradient-boosted decision trees as a layer: input <c>(features)</c>, output <c>(outputs)</c> raw scores, the sum of
/// every tree's leaf for its output plus a bias per output. The trees are the layer's tensors, so a tree model is an
/// ordinary <c>.lepton</c> file that evaluates, predicts and serves like any other; its loss turns the scores into
/// predictions (see <see cref="TreeObjective"/>). A missing value (NaN) goes the way its node says, as in LightGBM.
/// Trees are trained elsewhere (Lepton.Training's gradient-boosting trainer): the layer has no trainable parameters.
/// </summary>
public sealed class TreeEnsemble : Layer
{
    private static readonly string[] TensorNames = ["split_feature", "threshold", "left_child", "right_child", "default_left", "leaf_value", "tree_output", "bias"];

    // Component names keep the fields and the registered tensors the same objects when the layer changes device.
    [ComponentName(Name = "split_feature")]
    private Tensor? _splitFeature;
    [ComponentName(Name = "threshold")]
    private Tensor? _threshold;
    [ComponentName(Name = "left_child")]
    private Tensor? _leftChild;
    [ComponentName(Name = "right_child")]
    private Tensor? _rightChild;
    [ComponentName(Name = "default_left")]
    private Tensor? _defaultLeft;
    [ComponentName(Name = "leaf_value")]
    private Tensor? _leafValue;
    [ComponentName(Name = "tree_output")]
    private Tensor? _treeOutput;
    [ComponentName(Name = "bias")]
    private Tensor? _bias;
    private TreeTables? _initial;

    /// <summary>Creates an ensemble of <paramref name="trees"/> over <paramref name="features"/> input features.</summary>
    /// <param name="features">The number of input features; every split feature is below it.</param>
    /// <param name="objective">What the scores mean; a binary ensemble has one output, a multiclass one an output per class.</param>
    /// <param name="trees">The trees, each adding to its <see cref="DecisionTree.Output"/>.</param>
    /// <param name="bias">A starting score per output (LightGBM's is usually inside the first trees); zeros when null.</param>
    /// <param name="outputs">The number of outputs; by default one more than the largest tree output.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public TreeEnsemble(int features, TreeObjective objective, IReadOnlyList<DecisionTree> trees, IReadOnlyList<double>? bias = null, int? outputs = null, string? name = null)
        : base(name ?? DefaultName<TreeEnsemble>())
    {
        ArgumentNullException.ThrowIfNull(trees);
        if (trees.Count == 0) throw new ArgumentException($"{LayerChecks.Describe(this)} needs at least one tree.", nameof(trees));
        var outputCount = outputs ?? (bias?.Count > 0 ? bias.Count : trees.Max(t => t.Output) + 1);
        var nodes = trees.Max(t => t.NodeCount);
        Configure(features, outputCount, trees.Count, nodes, LayerLimits.MaxTreeDepth, objective);
        if (bias is not null && bias.Count != Outputs)
            throw new ArgumentException($"{LayerChecks.Describe(this)} has {Outputs} outputs but {bias.Count} bias values.", nameof(bias));
        var tables = TreeTables.From(trees, bias ?? new double[Outputs]);
        if (tables.Problem(Features, Outputs, LayerLimits.MaxTreeDepth) is { } problem)
            throw new ArgumentException($"{LayerChecks.Describe(this)}: {problem}.", nameof(trees));
        MaxDepth = tables.Depth();
        _initial = tables;
    }

    internal TreeEnsemble(LayerConfig config) : base(config.Name)
    {
        Configure(config.GetInt("features"), config.GetInt("outputs"), config.GetInt("trees"), config.GetInt("nodes"),
            config.GetInt("max_depth"), config.GetEnum<TreeObjective>("objective"));
    }

    /// <summary>The number of input features.</summary>
    public int Features { get; private set; }

    /// <summary>The number of outputs (one per class for a multiclass ensemble).</summary>
    public int Outputs { get; private set; }

    /// <summary>The number of trees.</summary>
    public int Trees { get; private set; }

    /// <summary>The internal nodes per tree in the layer's tables (the largest tree's count).</summary>
    public int Nodes { get; private set; }

    /// <summary>The most internal nodes on any path from a root to a leaf: the steps a prediction takes.</summary>
    public int MaxDepth { get; private set; }

    /// <summary>What the scores mean.</summary>
    public TreeObjective Objective { get; private set; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("features", Features).Set("outputs", Outputs).Set("trees", Trees).Set("nodes", Nodes)
        .Set("max_depth", MaxDepth).Set("objective", Objective.ToString().ToLowerInvariant());

    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs)
    {
        var output = OutputFor(SingleInput(inputs));
        return new(output, TensorNames.Select(n => new PlannedTensor(n, ShapeOf(n))).ToList());
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        var output = OutputFor(input);
        var tables = _initial ?? new TreeTables(Trees, Nodes, Outputs);
        _splitFeature = Add("split_feature", tables.SplitFeature);
        _threshold = Add("threshold", tables.Threshold);
        _leftChild = Add("left_child", tables.LeftChild);
        _rightChild = Add("right_child", tables.RightChild);
        _defaultLeft = Add("default_left", tables.DefaultLeft);
        _leafValue = Add("leaf_value", tables.LeafValue);
        _treeOutput = Add("tree_output", tables.TreeOutput);
        _bias = Add("bias", tables.Bias);
        _initial = null;
        return output;
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        using var scope = NewDisposeScope();
        var device = input.device;
        var x = input.to_type(ScalarType.Float32);
        var batch = x.shape[0];
        var feature = _splitFeature!.to_type(ScalarType.Int64);
        var left = _leftChild!.to_type(ScalarType.Int64);
        var right = _rightChild!.to_type(ScalarType.Int64);
        var missingLeft = _defaultLeft!.gt(0.5f);

        // Each example walks every tree at once: node[b, t] is its place in tree t, a leaf once negative (~leaf).
        var nodeOffsets = arange(Trees, ScalarType.Int64, device).mul(Nodes);
        var node = zeros([batch, Trees], ScalarType.Int64, device);
        for (var step = 0; step < MaxDepth; step++)
        {
            var at = node.clamp_min(0).add(nodeOffsets);
            var value = x.gather(1, feature.take(at));
            var goLeft = where(value.isnan(), missingLeft.take(at), value.le(_threshold!.take(at)));
            node = where(node.ge(0), where(goLeft, left.take(at), right.take(at)), node);
        }
        var leaf = node.neg().sub(1).add(arange(Trees, ScalarType.Int64, device).mul(Nodes + 1));
        var values = _leafValue!.take(leaf).to_type(ScalarType.Float64);
        // Summed in double, as LightGBM does, so a hundred trees lose no precision.
        var scores = _bias!.to_type(ScalarType.Float64).unsqueeze(0).repeat(batch, 1)
            .index_add(1, _treeOutput!.to_type(ScalarType.Int64), values, 1.0);
        return scores.to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Checks the trees a model file filled in: the engine gathers with their indices, so each must be in range.</summary>
    internal override void CheckLoadedWeights()
    {
        if (ReadTables().Problem(Features, Outputs, MaxDepth) is { } problem)
            throw new InvalidDataException($"{LayerChecks.Describe(this)}: {problem}.");
    }

    /// <summary>The trees as flat tables, read back from the layer's tensors (for walking them on the CPU, as explanations do).</summary>
    /// <exception cref="InvalidOperationException">The layer is not built yet.</exception>
    internal TreeTables ReadTables()
    {
        if (_splitFeature is null) throw new InvalidOperationException($"{LayerChecks.Describe(this)} is not built yet.");
        var tables = new TreeTables(Trees, Nodes, Outputs);
        Read(_splitFeature!, tables.SplitFeature);
        Read(_threshold!, tables.Threshold);
        Read(_leftChild!, tables.LeftChild);
        Read(_rightChild!, tables.RightChild);
        Read(_defaultLeft!, tables.DefaultLeft);
        Read(_leafValue!, tables.LeafValue);
        Read(_treeOutput!, tables.TreeOutput);
        Read(_bias!, tables.Bias);
        return tables;
    }

    private static void Read(Tensor tensor, float[] into)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        cpu.data<float>().CopyTo(into, 0);
    }

    private void Configure(int features, int outputs, int trees, int nodes, int maxDepth, TreeObjective objective)
    {
        Features = LayerChecks.Width(this, features, nameof(features));
        Outputs = LayerChecks.Width(this, outputs, nameof(outputs));
        Trees = LayerChecks.InRange(this, trees, 1, LayerLimits.MaxTrees, nameof(trees));
        Nodes = LayerChecks.InRange(this, nodes, 1, LayerLimits.MaxTreeNodes, nameof(nodes));
        MaxDepth = LayerChecks.InRange(this, maxDepth, 1, LayerLimits.MaxTreeDepth, "max_depth");
        if ((long)Trees * (Nodes + 1) > LayerLimits.MaxEnsembleNodes)
            throw new ArgumentOutOfRangeException(nameof(nodes), $"{LayerChecks.Describe(this)}: {Trees} trees of {Nodes} nodes hold more than {LayerLimits.MaxEnsembleNodes} nodes in all.");
        if (!Enum.IsDefined(objective)) throw new ArgumentOutOfRangeException(nameof(objective), $"{LayerChecks.Describe(this)}: unknown objective {objective}.");
        Objective = objective;
        if (objective == TreeObjective.Binary && Outputs != 1)
            throw new ArgumentException($"{LayerChecks.Describe(this)}: a binary ensemble has one output (a logit), but it has {Outputs}.", nameof(outputs));
        if (objective == TreeObjective.Multiclass && Outputs < 2)
            throw new ArgumentException($"{LayerChecks.Describe(this)}: a multiclass ensemble has an output per class, at least 2, but it has {Outputs}.", nameof(outputs));
    }

    private long[] ShapeOf(string tensor) => tensor switch
    {
        "leaf_value" => [Trees, Nodes + 1],
        "tree_output" => [Trees],
        "bias" => [Outputs],
        _ => [Trees, Nodes],
    };

    private Tensor Add(string tensorName, float[] values)
    {
        using var noGrad = no_grad();
        return AddState(tensorName, tensor(values).reshape(ShapeOf(tensorName)));
    }

    private Shape OutputFor(Shape input) =>
        input.Rank == 1 && input[0] == Features
            ? new Shape(Outputs)
            : throw LayerChecks.WrongInput(this, input, $"(None, {Features}): one row of {Features} features");
}
