using System.Runtime.InteropServices;
using Lepton.Data;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Nn.Training;

/// <summary>
/// The training and evaluation loops behind <see cref="Model.Fit"/> and <see cref="Model.Evaluate"/>. Every
/// step runs inside its own dispose scope, so native memory stays flat however long training runs.
/// </summary>
internal sealed class Trainer(Model model, Loss? loss, IReadOnlyList<Metric> compiledMetrics, Optimizer? optimizer)
{
    private readonly bool _customTrain = model.OverridesTrainStep;
    private readonly bool _customTest = model.OverridesTestStep;
    private Optimizer? _attached;
    private List<Metric> _metrics = [];
    private bool _metricsUpdated;
    private Tensor? _classWeights;

    public Trainer(Model model, CompiledState? compiled) : this(model, compiled?.Loss, compiled?.Metrics ?? [], compiled?.Optimizer)
    {
    }

    public History Fit(Dataset data, FitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        if (_customTrain) CheckCustomFit(options);
        else CheckTargets(data, "training data");

        var (train, validation) = options.ValidationSplit > 0 ? data.Split(options.ValidationSplit, options.ValidationSplitMode) : (data, options.ValidationData);
        var validationText = DescribeValidation(options, data.Count, validation?.Count ?? 0);
        Prepare(train);
        if (validation is not null)
        {
            CheckEvaluable(validation, "validation data");
            Prepare(validation);
        }
        _attached = _customTrain ? null : AttachOptimizer();

        var loader = new DataLoader(train, options.BatchSize, options.Shuffle);
        _metrics = compiledMetrics.Select(m => m.Clone()).ToList();
        var history = new History { Validation = validationText };
        var progress = ProgressLogger.For(options.Verbose);
        List<Callback> all = [history, .. options.Callbacks];
        if (progress is not null) all.Add(progress);
        var callbacks = new CallbackList(all, model);

        using var classWeights = ClassWeightTensor(options.ClassWeight);
        _classWeights = classWeights;
        using var interrupt = new InterruptWatch(cancellationToken);
        using var active = model.Activate(this);

        // A custom step names its figures when it first returns them.
        List<string> logged = _customTrain ? [] : ["loss", .. _metrics.Select(m => m.Name)];
        var info = new TrainingInfo(options.Epochs, loader.BatchCount, train.Count, validation?.Count ?? 0, logged, options.BatchSize) { Validation = validationText };
        callbacks.OnTrainBegin(info);

        IReadOnlyDictionary<string, double> logs = new Dictionary<string, double>();
        for (var epoch = 0; epoch < options.Epochs && !callbacks.StopRequested && !interrupt.Requested; epoch++)
        {
            callbacks.OnEpochBegin(epoch);
            var epochLogs = TrainEpoch(loader, callbacks, interrupt);
            // An interrupted epoch is not a completed one: callbacks keep what the last whole epoch gave them.
            if (interrupt.Requested) break;
            if (validation is not null)
            {
                foreach (var (k, v) in EvaluatePrepared(validation, Math.Max(options.BatchSize, 256), [], "val_")) epochLogs[k] = v;
            }
            if (_attached is not null) epochLogs["learning_rate"] = _attached.LearningRate;
            logs = epochLogs;
            callbacks.OnEpochEnd(epoch, logs);
            if (callbacks.StopRequested && epoch < options.Epochs - 1) history.StoppedEarly = true;
        }
        history.Cancelled = interrupt.Requested;
        callbacks.OnTrainEnd(logs);
        return history;
    }

    /// <summary>Which examples validate, in words: the Fit log line and <see cref="History.Validation"/>.</summary>
    private static string? DescribeValidation(FitOptions options, int total, int held)
    {
        if (options.ValidationData is not null) return $"validation: the {held:N0} examples given as validationData";
        if (options.ValidationSplit <= 0) return null;
        var share = options.ValidationSplit.ToString("0.##%", System.Globalization.CultureInfo.InvariantCulture);
        return options.ValidationSplitMode switch
        {
            ValidationSplitMode.Shuffled => $"validation: {held:N0} of {total:N0} examples ({share}) drawn at random",
            ValidationSplitMode.Stratified => $"validation: {held:N0} of {total:N0} examples ({share} of each class) drawn at random within each class",
            _ => $"validation: the last {held:N0} of {total:N0} examples ({share}), not shuffled, as Keras's validation_split " +
                 "(on ordered data these are the latest; validationSplitMode: Shuffled or Stratified draws them at random)",
        };
    }

    public Dictionary<string, double> Evaluate(Dataset data, int batchSize, IReadOnlyList<Metric> extra, string prefix)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckEvaluable(data, "evaluation data");
        if (_customTest && extra.Count > 0)
            throw new ArgumentException($"Model '{model.Name}' evaluates with its own TestStep, which returns its figures; extra metrics need the compiled loss's outputs, so give none.", nameof(extra));
        Prepare(data);
        using var active = model.Activate(this);
        return EvaluatePrepared(data, batchSize, extra, prefix);
    }

    /// <summary>Evaluates data already checked against a built model on the device (Fit's validation, each epoch).</summary>
    private Dictionary<string, double> EvaluatePrepared(Dataset data, int batchSize, IReadOnlyList<Metric> extra, string prefix)
    {
        var metrics = compiledMetrics.Select(m => m.Clone()).Concat(extra).ToList();
        foreach (var m in metrics) m.Reset();
        var means = new StepMeans();
        var wasTraining = model.training;
        var (training, trainingUpdated) = (_metrics, _metricsUpdated);
        (_metrics, _metricsUpdated) = (metrics, false);
        bool updated;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            foreach (var raw in new DataLoader(data, batchSize))
            {
                using var scope = NewDisposeScope();
                using var batch = raw.To(LeptonRuntime.Device);
                means.Add(model.TestStepFor(batch), batch.Count, means.Steps + 1, "TestStep");
            }
        }
        finally
        {
            updated = _metricsUpdated;
            (_metrics, _metricsUpdated) = (training, trainingUpdated);
            model.train(wasTraining);
        }
        var logs = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, v) in means.Means()) logs[prefix + k] = v;
        if (updated) foreach (var m in metrics) logs[prefix + m.Name] = m.Result();
        return logs;
    }

    /// <summary>The compiled step: forward, the compiled loss (class-weighted if asked), backward, one optimizer step, metrics.</summary>
    internal Dictionary<string, Tensor> StandardTrainStep(Batch batch)
    {
        // A custom TrainStep that calls base.TrainStep attaches the compiled optimizer on first use.
        var optimizer = _attached ??= AttachOptimizer();
        var compiledLoss = loss ?? throw new InvalidOperationException($"Model '{model.Name}' has no loss: call Compile before Fit.");
        optimizer.ZeroGrad();
        var output = model.Run(batch.Inputs);
        var target = batch.Target ?? throw new InvalidOperationException("The batch has no targets; the compiled training step needs labelled examples.");
        var perElement = compiledLoss.Compute(output, target);
        var value = _classWeights is null ? perElement.mean() : (perElement * compiledLoss.ClassWeightsFor(target, _classWeights)).mean();
        value.backward();
        optimizer.Step();
        if (_metrics.Count > 0)
        {
            using var noGrad = no_grad();
            var probabilities = compiledLoss.ToProbabilities(output.detach());
            foreach (var m in _metrics) m.Update(probabilities, target);
            _metricsUpdated = true;
        }
        return new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["loss"] = value };
    }

    /// <summary>The compiled evaluation step: forward, the compiled loss, metrics.</summary>
    internal Dictionary<string, Tensor> StandardTestStep(Batch batch)
    {
        var compiledLoss = loss ?? throw new InvalidOperationException($"Model '{model.Name}' has no loss: call Compile before Evaluate.");
        var target = batch.Target ?? throw new InvalidOperationException("The batch has no targets; the compiled test step needs labelled examples.");
        var output = model.Run(batch.Inputs);
        var value = compiledLoss.Compute(output, target).mean();
        var probabilities = compiledLoss.ToProbabilities(output);
        foreach (var m in _metrics) m.Update(probabilities, target);
        _metricsUpdated = true;
        return new Dictionary<string, Tensor>(StringComparer.Ordinal) { ["loss"] = value };
    }

    private Dictionary<string, double> TrainEpoch(DataLoader loader, CallbackList callbacks, InterruptWatch interrupt)
    {
        model.train();
        foreach (var m in _metrics) m.Reset();
        _metricsUpdated = false;
        var means = new StepMeans();

        // The compiled metrics count only when a step fed them (the compiled step does; a custom one may not).
        Dictionary<string, double> Current()
        {
            var values = means.Means();
            if (_metricsUpdated) foreach (var m in _metrics) values[m.Name] = m.Result();
            return values;
        }

        foreach (var raw in loader)
        {
            var size = raw.Count;
            using (var scope = NewDisposeScope())
            {
                using var batch = raw.To(LeptonRuntime.Device);
                means.Add(model.TrainStepFor(batch), batch.Count, means.Steps + 1, "TrainStep");
            }
            var logs = new BatchLogs(means.Steps, loader.BatchCount, size, means.Loss, Current);
            callbacks.OnBatchEnd(means.Steps - 1, logs);
            if (interrupt.Requested) break;
        }
        return means.Steps == 0 ? [] : Current();
    }

    /// <summary>Builds the model from the data's shapes when needed and moves it to the device.</summary>
    private void Prepare(Dataset data)
    {
        if (!model.IsBuilt) model.Build(data.InputShapes);
        else
        {
            for (var i = 0; i < data.InputShapes.Count && i < model.InputShapes.Count; i++)
            {
                if (!model.InputShapes[i].Accepts(data.InputShapes[i]))
                    throw new ShapeMismatchException(
                        $"Model '{model.Name}' input '{model.InputNames.ElementAtOrDefault(i)}' expects shape {model.InputShapes[i].ToBatchString()} but the data has {data.InputShapes[i].ToBatchString()}.");
            }
            if (data.InputShapes.Count != model.InputShapes.Count)
                throw new ShapeMismatchException($"Model '{model.Name}' takes {model.InputShapes.Count} inputs but the data has {data.InputShapes.Count}.");
        }
        model.to(LeptonRuntime.Device);
        if (model.Metadata.ClassNames.Count == 0 && data.ClassNames is { Count: > 0 } names) model.Metadata.ClassNames = names.ToArray();
        if (loss is not null) model.Metadata.OutputLoss = loss;
    }

    /// <summary>Attaches the optimizer to the model's trainable parameters (again, if they changed since).</summary>
    private Optimizer AttachOptimizer()
    {
        if (optimizer is null) throw new InvalidOperationException($"Model '{model.Name}' has no optimizer: call Compile before Fit.");
        if (!model.parameters().Any(p => p.requires_grad) && model.modules().OfType<TreeEnsemble>().FirstOrDefault() is { } trees)
            throw new InvalidOperationException(
                $"Model '{model.Name}' cannot be trained by Fit: its layer '{trees.Name}' (TreeEnsemble) holds decision trees, which gradients do not train. " +
                "Train trees with Lepton.Training's GradientBoostingTrainer; Evaluate and Predict work on the model as it is.");
        if (!optimizer.IsAttached || !optimizer.Parameters.SequenceEqual(model.parameters().Where(p => p.requires_grad)))
            optimizer.Attach(model.parameters());
        return optimizer;
    }

    /// <summary>What Fit needs when the model trains itself: no targets required, but no compiled-loss-only options either.</summary>
    private void CheckCustomFit(FitOptions options)
    {
        if (options.ClassWeight is { Count: > 0 })
            throw new ArgumentException($"Model '{model.Name}' trains with its own TrainStep, which weighs its own loss; classWeight applies only to the compiled loss.");
        var validates = options.ValidationData is not null || options.ValidationSplit > 0;
        if (validates && !_customTest && loss is null)
            throw new ArgumentException(
                $"Model '{model.Name}' overrides TrainStep but neither overrides TestStep nor is compiled with a loss, so nothing can score its validation data: override TestStep or give no validation data.");
    }

    private void CheckEvaluable(Dataset data, string what)
    {
        if (_customTest)
        {
            if (data.Count == 0) throw new ArgumentException($"The {what} is empty.");
            return;
        }
        if (loss is null) throw new InvalidOperationException($"Model '{model.Name}' has no loss: call Compile before Evaluate, or override TestStep.");
        CheckTargets(data, what);
    }

    private static void CheckTargets(Dataset data, string what)
    {
        if (data.TargetShape is null) throw new ArgumentException($"The {what} has no targets; Fit and Evaluate need labelled examples.");
        if (data.Count == 0) throw new ArgumentException($"The {what} is empty.");
    }

    private static Tensor? ClassWeightTensor(IReadOnlyDictionary<int, double>? weights)
    {
        if (weights is null || weights.Count == 0) return null;
        var size = weights.Keys.Max() + 1;
        var values = Enumerable.Repeat(1.0f, size).ToArray();
        foreach (var (cls, w) in weights) values[cls] = (float)w;
        return tensor(values, device: LeptonRuntime.Device);
    }

    /// <summary>Turns Ctrl+C (once) and the caller's token into a polite request to stop after the current batch.</summary>
    private sealed class InterruptWatch : IDisposable
    {
        private readonly CancellationTokenRegistration _registration;
        private readonly PosixSignalRegistration? _signal;
        private volatile bool _requested;

        public InterruptWatch(CancellationToken token)
        {
            _registration = token.Register(() => _requested = true);
            try
            {
                _signal = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx =>
                {
                    if (_requested) return; // a second Ctrl+C ends the process as usual
                    ctx.Cancel = true;
                    _requested = true;
                    Console.Error.WriteLine("\nStopping after this batch (press Ctrl+C again to abort)...");
                });
            }
            catch (PlatformNotSupportedException)
            {
                _signal = null;
            }
        }

        public bool Requested => _requested;

        public void Dispose()
        {
            _registration.Dispose();
            _signal?.Dispose();
        }
    }
}
