using System.Globalization;
using Lepton.Data;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Export.Ensembles;

/// <summary>
/// Several trained models as one: probability averaging (weighted), hard voting or stacking over any Lepton models
/// (networks, and gradient-boosted trees, which are models holding a <see cref="TreeEnsemble"/>). Its output is class
/// probabilities (a regression ensemble's is the mean prediction). It saves as one <c>.lepton</c> file holding every
/// member's architecture and weights, and loads, predicts, evaluates and serves as one model.
/// </summary>
public sealed class Ensemble : Model
{
    private readonly List<Model> _members;
    private readonly Loss[] _memberLosses;
    private readonly double[] _weights;
    private Dense? _meta;

    /// <summary>Creates an ensemble of trained <paramref name="members"/>.</summary>
    /// <param name="members">Two or more trained models taking the same inputs and giving outputs of the same shape.</param>
    /// <param name="method">How their predictions are combined.</param>
    /// <param name="weights">One non-negative weight per member for averaging and voting; equal weights when null.</param>
    /// <param name="name">The ensemble's name.</param>
    public Ensemble(IReadOnlyList<Model> members, EnsembleMethod method = EnsembleMethod.Averaging, IReadOnlyList<double>? weights = null, string? name = null)
        : this(members, method, weights, MemberLosses(members), metaFitted: false, name)
    {
    }

    internal Ensemble(LayerConfig config)
        : this(
            config.GetConfigs("members").Select(Member).ToList(),
            config.GetEnum<EnsembleMethod>("method"),
            config.GetDoubles("weights"),
            config.GetConfigs("member_losses").Select(l => LossCatalog.Create(l.Type, l.GetBool("from_logits"))).ToArray(),
            config.GetBool("meta_fitted", false),
            config.Name)
    {
    }

    private Ensemble(IReadOnlyList<Model> members, EnsembleMethod method, IReadOnlyList<double>? weights, Loss[] losses, bool metaFitted, string? name)
        : base(name ?? "ensemble")
    {
        if (!Enum.IsDefined(method)) throw new ArgumentOutOfRangeException(nameof(method), method, $"method is one of {string.Join(", ", Enum.GetNames<EnsembleMethod>())}.");
        if (members.Count != losses.Length) throw new ArgumentException($"The ensemble has {members.Count} members but {losses.Length} member losses.", nameof(members));
        _members = [.. members];
        _memberLosses = losses;
        Method = method;
        _weights = CheckWeights(weights, members.Count);
        MetaLearnerFitted = metaFitted;
        for (var i = 0; i < _members.Count; i++)
        {
            register_module($"member_{i}", _members[i]);
            // A member keeps saying how its outputs become probabilities when it is used on its own.
            _members[i].Metadata.OutputLoss ??= losses[i];
        }
        Metadata.ClassNames = _members.Select(m => m.Metadata.ClassNames).FirstOrDefault(c => c.Count > 0) ?? [];
        Metadata.OutputLoss = OutputLossFor(losses[0]);
        if (_members.All(m => m.IsBuilt)) Build(_members[0].InputShapes);
    }

    static Ensemble() => LayerRegistry.Register<Ensemble>();

    /// <summary>
    /// Makes sure model files holding an ensemble load (<see cref="Model.Load(string)"/>) in a process that has not used
    /// this type yet; a host that loads any model it is given (a server, the CLI) calls it once at start.
    /// </summary>
    public static void Register() => LayerRegistry.Register<Ensemble>();

    /// <summary>The models combined, in order.</summary>
    public IReadOnlyList<Model> Members => _members;

    /// <summary>How their predictions are combined.</summary>
    public EnsembleMethod Method { get; }

    /// <summary>Each member's weight in averaging and voting.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The loss of each member, which says how its outputs become probabilities (for the ONNX exporter).</summary>
    internal IReadOnlyList<Loss> LossOfMembers => _memberLosses;

    /// <summary>A stacking ensemble's meta-learner over the members' probabilities side by side; null for the other methods.</summary>
    internal Dense? MetaLearner => _meta;

    /// <summary>Whether a stacking ensemble's meta-learner has been fitted (by <see cref="FitMetaLearner"/>).</summary>
    public bool MetaLearnerFitted { get; private set; }

    /// <inheritdoc />
    public override IReadOnlyList<Layer> Layers => _meta is null ? [.. _members] : [.. _members, _meta];

    /// <inheritdoc />
    public override IReadOnlyList<string> InputNames => _members[0].InputNames;

    /// <inheritdoc />
    public override string TypeName => nameof(Ensemble);

    /// <inheritdoc />
    protected override bool TakesMultipleInputs => true;

    /// <inheritdoc />
    public override LayerConfig GetConfig() => new LayerConfig(TypeName, Name)
        .Set("method", Method.ToString().ToLowerInvariant())
        .Set("weights", _weights)
        .Set("members", _members.Select(m => m.GetConfig()).ToList())
        .Set("member_losses", _memberLosses.Select(l => new LayerConfig(l.Name, "loss").Set("from_logits", l.FromLogits)).ToList())
        .Set("meta_fitted", MetaLearnerFitted);

    /// <summary>
    /// Fits a stacking ensemble's meta-learner, a softmax regression (logistic for one output) from every member's
    /// probabilities to the class, on <paramref name="heldOut"/>: labelled rows the members did not train on (their
    /// predictions on their own training rows are over-confident, and the meta-learner would learn to trust them).
    /// Full-batch Adam with a small L2 penalty; the members do not change.
    /// </summary>
    /// <param name="heldOut">Labelled rows none of the members trained on.</param>
    /// <param name="epochs">Full-batch steps.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="l2">The L2 penalty on the meta-learner's weights.</param>
    /// <returns>The meta-learner's final training loss.</returns>
    public double FitMetaLearner(Dataset heldOut, int epochs = 300, double learningRate = 0.05, double l2 = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        if (Method != EnsembleMethod.Stacking)
            throw new InvalidOperationException($"Ensemble '{Name}' combines by {Method.ToString().ToLowerInvariant()}, which has nothing to fit; create it with EnsembleMethod.Stacking.");
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        if (!(learningRate > 0) || !(l2 >= 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), "The learning rate must be positive and the L2 penalty not negative.");
        if (heldOut.TargetShape is null || heldOut.Count == 0) throw new ArgumentException("The held-out rows must be labelled and not empty: the meta-learner learns which member to trust from them.", nameof(heldOut));
        if (!IsBuilt) Build(heldOut.InputShapes);

        using var scope = NewDisposeScope();
        var features = cat(_members.Select(m => m.PredictProbabilities(heldOut)).ToList(), 1).to(LeptonRuntime.Device);
        var target = Targets(heldOut).to(LeptonRuntime.Device);
        var meta = _meta!;
        meta.to(LeptonRuntime.Device);
        meta.train();
        var optimizer = new Adam(learningRate);
        var last = double.NaN;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using var step = NewDisposeScope();
            var logits = meta.Forward(features);
            var loss = Classes == 1
                ? nn.functional.binary_cross_entropy_with_logits(logits.reshape(-1), target.to(ScalarType.Float32).reshape(-1))
                : nn.functional.cross_entropy(logits, target.to(ScalarType.Int64).reshape(-1));
            var penalty = meta.parameters().Where(p => p.dim() == 2).Select(p => p.pow(2).sum()).Aggregate((a, b) => a + b);
            var total = loss + (penalty * l2);
            optimizer.Minimize(total, meta);
            last = loss.item<float>();
        }
        meta.eval();
        MetaLearnerFitted = true;
        return last;
    }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch) => throw new InvalidOperationException(
        $"Ensemble '{Name}' is not trained by Fit: train each member, then build the ensemble from them (and, for stacking, call FitMetaLearner on held-out rows).");

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs)
    {
        foreach (var m in _members.Where(m => !m.IsBuilt)) m.Build(inputs);
        var shapes = _members.Select(m => m.OutputShape).ToList();
        if (shapes.Any(s => !s.Equals(shapes[0])))
        {
            var listed = string.Join(", ", _members.Select(m => $"'{m.Name}' {m.OutputShape.ToBatchString()}"));
            throw new Nn.ShapeMismatchException(
                $"Ensemble '{Name}': its members give outputs of different shapes ({listed}); every member must give the same outputs (one per class, in the same class order).");
        }
        if (shapes[0].Rank != 1)
            throw new Nn.ShapeMismatchException($"Ensemble '{Name}': its members give outputs of shape {shapes[0].ToBatchString()}; an ensemble combines one vector of class scores per example.");
        if (Method != EnsembleMethod.Averaging && _memberLosses.Any(l => l is not (SparseCategoricalCrossentropy or CategoricalCrossentropy or BinaryCrossentropy)))
            throw new ArgumentException($"Ensemble '{Name}': {Method.ToString().ToLowerInvariant()} needs classifiers, but a member's loss is {_memberLosses.First(l => l is not (SparseCategoricalCrossentropy or CategoricalCrossentropy or BinaryCrossentropy)).Name}; average regressors instead.");
        if (Method == EnsembleMethod.Stacking)
        {
            var classes = shapes[0][-1];
            _meta = AddLayer(new Dense((int)classes, name: "meta_learner"));
            _meta.Build([new Shape(classes * _members.Count)]);
        }
        return shapes[0];
    }

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs)
    {
        if (Method == EnsembleMethod.Stacking && !MetaLearnerFitted)
            throw new InvalidOperationException($"Ensemble '{Name}' stacks its members, but its meta-learner is not fitted yet: call FitMetaLearner with held-out rows first.");
        using var scope = NewDisposeScope();
        var probabilities = _members.Select((m, i) => _memberLosses[i].ToProbabilities(m.Forward([.. inputs]))).ToList();
        var combined = Method switch
        {
            EnsembleMethod.Averaging => WeightedMean(probabilities),
            EnsembleMethod.Voting => WeightedMean(probabilities.Select(Vote).ToList()),
            _ => Stack(probabilities),
        };
        return combined.MoveToOuterDisposeScope();
    }

    private long Classes => OutputShape[-1];

    private Tensor WeightedMean(IReadOnlyList<Tensor> values)
    {
        var total = _weights.Sum();
        Tensor? sum = null;
        for (var i = 0; i < values.Count; i++)
        {
            var term = values[i] * (_weights[i] / total);
            sum = sum is null ? term : sum + term;
        }
        return sum!;
    }

    /// <summary>A member's vote: one-hot on its most probable class (the first on ties), or 0/1 for one sigmoid output.</summary>
    private static Tensor Vote(Tensor probabilities) =>
        probabilities.shape[^1] == 1
            ? probabilities.gt(0.5).to(ScalarType.Float32)
            : nn.functional.one_hot(probabilities.argmax(-1), probabilities.shape[^1]).to(ScalarType.Float32);

    private Tensor Stack(IReadOnlyList<Tensor> probabilities)
    {
        var logits = _meta!.Forward(cat(probabilities.ToList(), 1));
        return Classes == 1 ? logits.sigmoid() : logits.softmax(-1);
    }

    private static Tensor Targets(Dataset data)
    {
        var parts = new List<Tensor>();
        foreach (var batch in new DataLoader(data, 1024))
        {
            using (batch) parts.Add(batch.Target!.detach().cpu().clone());
        }
        return cat(parts, 0);
    }

    private static Loss OutputLossFor(Loss member) => member switch
    {
        BinaryCrossentropy => new BinaryCrossentropy(fromLogits: false),
        CategoricalCrossentropy => new CategoricalCrossentropy(fromLogits: false),
        SparseCategoricalCrossentropy => new SparseCategoricalCrossentropy(fromLogits: false),
        _ => LossCatalog.Create(member.Name, fromLogits: false),
    };

    private static Loss[] MemberLosses(IReadOnlyList<Model> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2) throw new ArgumentException($"An ensemble needs at least two members; it was given {members.Count}.", nameof(members));
        if (members.Any(m => m is null)) throw new ArgumentException("A member of the ensemble is null.", nameof(members));
        var twice = members.GroupBy(m => m, ReferenceEqualityComparer.Instance).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"Model '{((Model)twice.Key!).Name}' is in the ensemble twice; give it a larger weight instead.", nameof(members));
        return members.Select(m => m.Compiled?.Loss ?? m.Metadata.OutputLoss ?? throw new ArgumentException(
            $"Member '{m.Name}' has no loss, so nothing says how its outputs become probabilities: compile it, or set its Metadata.OutputLoss (a loaded trained model has one).",
            nameof(members))).ToArray();
    }

    private static double[] CheckWeights(IReadOnlyList<double>? weights, int members)
    {
        if (weights is null) return Enumerable.Repeat(1.0, members).ToArray();
        if (weights.Count != members)
            throw new ArgumentException($"The ensemble has {members} members but {weights.Count} weights; give one weight per member.", nameof(weights));
        if (weights.Any(w => !(w >= 0) || double.IsInfinity(w)) || !(weights.Sum() > 0))
            throw new ArgumentException($"Ensemble weights must be finite, not negative and not all zero; got [{string.Join(", ", weights.Select(w => w.ToString(CultureInfo.InvariantCulture)))}].", nameof(weights));
        return [.. weights];
    }

    private static Model Member(LayerConfig config) =>
        LayerRegistry.Create(config) as Model ?? throw new InvalidDataException($"Member '{config.Name}' of an ensemble is a {config.Type} layer, not a model.");
}
