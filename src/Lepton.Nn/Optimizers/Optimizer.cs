using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lepton.Nn.Optimizers;

/// <summary>
/// How weights are updated: the algorithm's settings, an optional learning-rate schedule and gradient
/// clipping. The engine's optimizer is made when the model's parameters exist (after the first batch).
/// </summary>
public abstract class Optimizer
{
    private optim.Optimizer? _engine;
    private double _learningRate;

    /// <summary>Creates an optimizer with a fixed learning rate or a schedule.</summary>
    protected Optimizer(double learningRate, LearningRateSchedule? schedule)
    {
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a positive finite number.");
        _learningRate = learningRate;
        Schedule = schedule;
    }

    /// <summary>The Keras name of the algorithm (<c>adam</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The learning rate in force; setting it (ReduceLROnPlateau, a scheduler callback) takes effect at the next step.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value > 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be a positive finite number.");
            _learningRate = value;
            if (_engine is null) return;
            foreach (var group in _engine.ParamGroups) group.LearningRate = value;
        }
    }

    /// <summary>A per-step schedule that sets the learning rate before every step; null keeps it fixed.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Rescales gradients whose global L2 norm exceeds this value; null turns it off.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Clips every gradient element to ±this value; null turns it off.</summary>
    public double? ClipValue { get; init; }

    /// <summary>Optimizer steps taken so far.</summary>
    public long Iterations { get; private set; }

    /// <summary>Makes the engine's optimizer for <paramref name="parameters"/>.</summary>
    protected abstract optim.Optimizer Create(IReadOnlyList<Parameter> parameters, double learningRate);

    /// <summary>The settings as text, for summaries and run records.</summary>
    public virtual IReadOnlyDictionary<string, object> Describe() => new Dictionary<string, object>
    {
        ["name"] = Name,
        ["learning_rate"] = Schedule?.ToString() ?? _learningRate.ToString("G", System.Globalization.CultureInfo.InvariantCulture),
    };

    internal void Attach(IEnumerable<Parameter> parameters)
    {
        var trainable = parameters.Where(p => p.requires_grad).ToList();
        if (trainable.Count == 0) throw new InvalidOperationException("The model has no trainable parameters: there is nothing to optimize.");
        _engine?.Dispose();
        _engine = Create(trainable, Schedule?.Rate(0) ?? _learningRate);
        Parameters = trainable;
    }

    internal bool IsAttached => _engine is not null;

    internal IReadOnlyList<Parameter> Parameters { get; private set; } = [];

    internal void ZeroGrad() => Engine.zero_grad();

    /// <summary>
    /// One step that lowers <paramref name="loss"/> over the trainable weights of <paramref name="layer"/> (a model or
    /// a part of one): clears their gradients, backpropagates, clips, applies the schedule and steps. For custom
    /// training steps (<see cref="Models.Model.TrainStep"/>) with one optimizer per part, as a GAN's generator and
    /// discriminator. Weights outside <paramref name="layer"/> are not changed, though gradients may reach them.
    /// The first call attaches the optimizer to the layer's trainable weights; a later call with another set re-attaches it,
    /// which starts its state (Adam's moments) afresh.
    /// </summary>
    /// <param name="loss">A scalar that depends on the layer's weights.</param>
    /// <param name="layer">Whose trainable weights to update.</param>
    /// <param name="retainGraph">Keep the graph so another loss can backpropagate through it afterwards.</param>
    public void Minimize(Tensor loss, Layers.Layer layer, bool retainGraph = false)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(layer);
        if (loss.numel() != 1)
            throw new ArgumentException($"Minimize takes one number (e.g. loss.mean()), not a tensor of shape [{string.Join(", ", loss.shape)}].", nameof(loss));
        if (!loss.requires_grad)
            throw new ArgumentException($"The loss does not depend on any trainable weight (it has no gradient): compute it from layer '{layer.Name}''s outputs, outside no_grad.", nameof(loss));
        var trainable = layer.parameters().Where(p => p.requires_grad).ToList();
        if (!IsAttached || !Parameters.SequenceEqual(trainable)) Attach(trainable);
        ZeroGrad();
        loss.backward(retain_graph: retainGraph);
        Step();
    }

    /// <summary>Clips, applies the schedule and takes one step.</summary>
    internal void Step()
    {
        if (ClipValue is { } clip) nn.utils.clip_grad_value_(Parameters, clip);
        if (ClipNorm is { } norm) nn.utils.clip_grad_norm_(Parameters, norm);
        if (Schedule is not null) LearningRate = Schedule.Rate(Iterations);
        Engine.step();
        Iterations++;
    }

    private optim.Optimizer Engine => _engine ?? throw new InvalidOperationException("The optimizer is not attached to a model yet.");
}
