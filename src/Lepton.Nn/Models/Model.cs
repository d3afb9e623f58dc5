using Lepton.Data;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Serialization;
using Lepton.Nn.Training;
using static TorchSharp.torch;

namespace Lepton.Nn.Models;

/// <summary>
/// A trainable network: either a functional graph from <see cref="Input"/>s to an output
/// (<c>new Model(input, output)</c>) or a <see cref="Sequential"/> stack. It compiles, fits, evaluates,
/// predicts, prints a summary and saves to one <c>.lepton</c> file. A model is also a layer, so models nest.
/// </summary>
public class Model : Layer
{
    private readonly GraphPlan? _graph;
    private CompiledState? _compiled;

    /// <summary>A functional model with one input.</summary>
    public Model(SymbolicTensor input, SymbolicTensor output, string? name = null) : this([input], output, name)
    {
    }

    /// <summary>A functional model with several inputs (e.g. an image and a vector of features).</summary>
    public Model(IReadOnlyList<SymbolicTensor> inputs, SymbolicTensor output, string? name = null) : base(name ?? DefaultName<Model>())
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        _graph = GraphPlan.Create(inputs, output);
        var seen = new Dictionary<string, Layer>(StringComparer.Ordinal);
        foreach (var layer in _graph.Layers)
        {
            if (seen.TryGetValue(layer.Name, out var other) && !ReferenceEquals(other, layer))
                throw new ArgumentException($"Two different layers are both named '{layer.Name}'; layer names must be unique within a model.", nameof(inputs));
            seen[layer.Name] = layer;
            register_module(layer.Name, layer);
        }
        Build(_graph.Inputs.Select(i => i.Shape).ToArray());
    }

    internal Model(LayerConfig config) : this(GraphConfig.Read(config), config.Name)
    {
    }

    private Model((IReadOnlyList<SymbolicTensor> Inputs, SymbolicTensor Output) graph, string name) : this(graph.Inputs, graph.Output, name)
    {
    }

    /// <summary>For subclasses (<see cref="Sequential"/> and user models) that define their own computation.</summary>
    protected Model(string? name) : base(name ?? DefaultName<Model>())
    {
    }

    /// <summary>The layers in execution order.</summary>
    public virtual IReadOnlyList<Layer> Layers => _graph?.Layers ?? [];

    /// <summary>The names of the model's inputs, in order.</summary>
    public virtual IReadOnlyList<string> InputNames => _graph?.Inputs.Select(i => i.Name).ToArray() ?? ["input"];

    /// <summary>Facts stored with the model: class names, preprocessing, metrics, description.</summary>
    public ModelMetadata Metadata { get; set; } = new();

    /// <summary>Set by a callback to end training after the current epoch (Keras's stop_training).</summary>
    public bool StopTraining { get; set; }

    /// <summary>The loss, optimizer and metrics set by <see cref="Compile"/>, or null before.</summary>
    public CompiledState? Compiled => _compiled;

    internal GraphPlan? Graph => _graph;

    /// <inheritdoc />
    protected override bool TakesMultipleInputs => _graph is { Inputs.Count: > 1 };

    /// <summary>Sets how the model learns: the optimizer, the loss and the metrics reported each epoch.</summary>
    public void Compile(Optimizer optimizer, Loss loss, params Metric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(metrics);
        var duplicate = metrics.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two metrics are both named '{duplicate.Key}'.", nameof(metrics));
        _compiled = new CompiledState(optimizer, loss, metrics);
    }

    /// <summary>
    /// Trains the model on <paramref name="data"/> and returns the per-epoch history. Ctrl+C (or
    /// <paramref name="cancellationToken"/>) stops after the current batch; callbacks still see the end of training.
    /// </summary>
    /// <param name="data">The training examples.</param>
    /// <param name="epochs">Passes over the data.</param>
    /// <param name="batchSize">Examples per step.</param>
    /// <param name="validationData">Examples to evaluate on after each epoch.</param>
    /// <param name="validationSplit">Fraction of <paramref name="data"/> held out for validation instead: the last examples, as Keras, unless <paramref name="validationSplitMode"/> says otherwise.</param>
    /// <param name="validationSplitMode">Which examples <paramref name="validationSplit"/> holds out: the last ones (Keras's meaning), random ones, or random ones within each class; <see cref="History.Validation"/> and the progress output say which.</param>
    /// <param name="shuffle">Visit the training examples in a new order each epoch.</param>
    /// <param name="classWeight">Class index → weight of that class in the loss.</param>
    /// <param name="callbacks">Hooks such as <see cref="EarlyStopping"/> and <see cref="ModelCheckpoint"/>.</param>
    /// <param name="verbose">Progress output: a live bar on a terminal, one line per epoch otherwise.</param>
    /// <param name="cancellationToken">Stops training after the current batch.</param>
    public History Fit(
        Dataset data,
        int epochs = 1,
        int batchSize = 32,
        Dataset? validationData = null,
        double validationSplit = 0,
        ValidationSplitMode validationSplitMode = ValidationSplitMode.Last,
        bool shuffle = true,
        IReadOnlyDictionary<int, double>? classWeight = null,
        IEnumerable<Callback>? callbacks = null,
        Verbosity verbose = Verbosity.Auto,
        CancellationToken cancellationToken = default)
    {
        var options = new FitOptions(epochs, batchSize, validationData, validationSplit, validationSplitMode, shuffle, classWeight, callbacks?.ToList() ?? [], verbose);
        // A model trained on a table keeps the pipeline and features that made its input, so its file reads raw records.
        if (data is Lepton.Data.Pipelines.TableDataset table) table.WriteTo(Metadata.Preprocessing);
        return new Trainer(this, OverridesTrainStep ? _compiled : RequireCompiled()).Fit(data, options, cancellationToken);
    }

    /// <summary>
    /// The loss and metrics over <paramref name="data"/>, without training. A loaded model that was not
    /// compiled is evaluated with the loss it was trained with and <paramref name="extraMetrics"/>.
    /// </summary>
    /// <returns>The loss under <c>loss</c> and each metric under its key (<c>accuracy</c>, <c>f1_macro</c>, <c>r2</c>, <c>rmse</c>, … listed in docs/deep-learning.md); an unknown key is an error listing the keys there are.</returns>
    public MetricResults Evaluate(Dataset data, int batchSize = 256, params Metric[] extraMetrics)
    {
        var trainer = _compiled is not null || OverridesTestStep
            ? new Trainer(this, _compiled)
            : new Trainer(this, OutputLoss ?? throw new InvalidOperationException($"Model '{Name}' has no loss: call Compile before Evaluate."), [], null);
        return new MetricResults(trainer.Evaluate(data, batchSize, extraMetrics, prefix: ""));
    }

    /// <summary>
    /// One training step on one batch, as Keras's <c>train_step</c>: <see cref="Fit"/> calls it for every batch, inside
    /// the batch's dispose scope, with the model in training mode. The default runs the compiled loss and optimizer.
    /// Override it to train in your own way (a GAN's two optimizers, a VAE's two losses): compute losses, call
    /// <see cref="Optimizer.Minimize"/> on your optimizers, and return the figures to log, each a scalar tensor
    /// (<c>loss</c> first by convention). Fit averages them over the epoch (weighted by batch size) for the progress
    /// bar, callbacks and tracking. A model that overrides it needs no <see cref="Compile"/> and no targets.
    /// </summary>
    /// <param name="batch">The batch on the model's device; <see cref="Batch.Target"/> is null for unlabelled data.</param>
    /// <returns>Figure name → scalar tensor, e.g. <c>{ ["d_loss"] = dLoss, ["g_loss"] = gLoss }</c>.</returns>
    protected virtual IReadOnlyDictionary<string, Tensor> TrainStep(Batch batch) => ActiveTrainer.StandardTrainStep(batch);

    /// <summary>
    /// One evaluation step on one batch, as Keras's <c>test_step</c>: <see cref="Evaluate"/> and Fit's validation call
    /// it with gradients off and the model in inference mode. The default computes the compiled loss and metrics.
    /// Override it with <see cref="TrainStep"/> to score the model in your own way; return the figures as TrainStep does.
    /// </summary>
    /// <param name="batch">The batch on the model's device; <see cref="Batch.Target"/> is null for unlabelled data.</param>
    /// <returns>Figure name → scalar tensor; Evaluate returns their means and Fit logs them prefixed <c>val_</c>.</returns>
    protected virtual IReadOnlyDictionary<string, Tensor> TestStep(Batch batch) => ActiveTrainer.StandardTestStep(batch);

    /// <summary>The model's raw outputs for every example, batched; a CPU tensor with the batch dimension first.</summary>
    public Tensor Predict(Dataset data, int batchSize = 256) => Inference.Predict(this, data, batchSize, probabilities: false);

    /// <summary>The model's raw outputs for a batch of inputs.</summary>
    public Tensor Predict(params Tensor[] inputs) => Inference.Predict(this, inputs, probabilities: false);

    /// <summary>Class probabilities: the outputs passed through the loss's softmax/sigmoid when it works on logits.</summary>
    public Tensor PredictProbabilities(Dataset data, int batchSize = 256) =>
        Inference.Predict(this, data, batchSize, probabilities: true);

    /// <summary>Class probabilities for a batch of inputs.</summary>
    public Tensor PredictProbabilities(params Tensor[] inputs) => Inference.Predict(this, inputs, probabilities: true);

    /// <summary>A Keras-style table of layers, output shapes and parameter counts.</summary>
    public string Summary() => ModelSummary.Render(this);

    /// <summary>Writes the model (architecture, weights, metadata) to one file, atomically.</summary>
    public void Save(string path) => ModelFile.Save(this, path);

    /// <summary>Reads a model written by <see cref="Save"/>. Custom layers must be registered first.</summary>
    public static Model Load(string path) => ModelFile.Load(path);

    /// <summary>
    /// Reads a model from a stream holding a <c>.lepton</c> file (an upload, a blob, an embedded resource). The bytes
    /// are untrusted: anything malformed gives a <see cref="ModelFileException"/> before the model is built.
    /// </summary>
    public static Model Load(Stream stream) => ModelFile.Load(stream, "the model stream");

    /// <inheritdoc />
    public override LayerConfig GetConfig()
    {
        if (_graph is null)
            throw new NotSupportedException($"Model '{Name}' is a subclass ({GetType().Name}); override GetConfig and register it to save it.");
        return GraphConfig.Write(this, _graph);
    }

    /// <inheritdoc />
    public override string TypeName => _graph is null ? GetType().Name : "Model";

    internal Tensor Run(IReadOnlyList<Tensor> inputs) => Invoke(inputs);

    private protected override string InputConsumers()
    {
        var readers = Layers.Count == 0 ? [] : _graph is null
            ? [Layers[0]]
            : _graph.Nodes.Where(n => n.Inbound.Any(slot => slot < _graph.Inputs.Count)).Select(n => n.Layer).Distinct().ToList();
        return readers.Count == 0 ? "" : $" (read by {string.Join(", ", readers.Select(l => $"layer '{l.Name}' ({l.TypeName})"))})";
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input) => BuildMany([input]);

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs)
    {
        if (_graph is null) throw new NotSupportedException($"Model subclass {GetType().Name} must override Build.");
        for (var i = 0; i < _graph.Inputs.Count; i++)
        {
            if (i >= inputs.Count || !_graph.Inputs[i].Shape.Accepts(inputs[i]))
                throw new ShapeMismatchException(
                    $"Model '{Name}' input '{_graph.Inputs[i].Name}' expects shape {_graph.Inputs[i].Shape.ToBatchString()} but got {(i < inputs.Count ? inputs[i].ToBatchString() : "nothing")}.");
        }
        return _graph.Nodes[_graph.OutputSlot - _graph.Inputs.Count].OutputShape;
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) => CallMany([input]);

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs) =>
        _graph?.Run(inputs) ?? throw new NotSupportedException($"Model subclass {GetType().Name} must override Call.");

    private Trainer? _activeTrainer;

    private Trainer ActiveTrainer => _activeTrainer ?? throw new InvalidOperationException(
        $"Model '{Name}': TrainStep and TestStep run inside Fit and Evaluate; call those rather than the steps themselves.");

    internal bool OverridesTrainStep => Overrides(nameof(TrainStep));

    internal bool OverridesTestStep => Overrides(nameof(TestStep));

    private bool Overrides(string step) =>
        GetType().GetMethod(step, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, [typeof(Batch)])!.DeclaringType != typeof(Model);

    /// <summary>Makes <paramref name="trainer"/> the one the default steps run on, until disposed.</summary>
    internal IDisposable Activate(Trainer trainer)
    {
        var previous = _activeTrainer;
        _activeTrainer = trainer;
        return new Restore(() => _activeTrainer = previous);
    }

    internal IReadOnlyDictionary<string, Tensor> TrainStepFor(Batch batch) => TrainStep(batch);

    internal IReadOnlyDictionary<string, Tensor> TestStepFor(Batch batch) => TestStep(batch);

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    private CompiledState RequireCompiled() =>
        _compiled ?? throw new InvalidOperationException($"Model '{Name}' is not compiled: call Compile(optimizer, loss, metrics) before Fit or Evaluate.");

    /// <summary>The loss that turns outputs into probabilities: the compiled one, else the one the model was saved with.</summary>
    internal Loss? OutputLoss => _compiled?.Loss ?? Metadata.OutputLoss;

    /// <summary>
    /// For a subclass whose prediction is computed in its own code: the layers that, applied one after another to its
    /// one input, compute what <see cref="Predict(Tensor[])"/> gives, so exporters (ONNX) can write it; null when the
    /// prediction is not such a chain (or for Sequential and functional models, whose layers say it already).
    /// </summary>
    public virtual IReadOnlyList<Layer>? InferenceChain => null;
}
