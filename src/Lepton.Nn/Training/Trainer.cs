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
internal sealed class Trainer(Model model, Loss loss, IReadOnlyList<Metric> compiledMetrics, Optimizer? optimizer)
{
    public Trainer(Model model, CompiledState compiled) : this(model, compiled.Loss, compiled.Metrics, compiled.Optimizer)
    {
    }

    public History Fit(Dataset data, FitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        CheckTargets(data, "training data");

        var (train, validation) = options.ValidationSplit > 0 ? data.Split(options.ValidationSplit, options.ValidationSplitMode) : (data, options.ValidationData);
        var validationText = DescribeValidation(options, data.Count, validation?.Count ?? 0);
        Prepare(train);
        if (validation is not null)
        {
            CheckTargets(validation, "validation data");
            Prepare(validation);
        }
        var optimizer = AttachOptimizer();

        var loader = new DataLoader(train, options.BatchSize, options.Shuffle);
        var metrics = compiledMetrics.Select(m => m.Clone()).ToList();
        var history = new History { Validation = validationText };
        var progress = ProgressLogger.For(options.Verbose);
        List<Callback> all = [history, .. options.Callbacks];
        if (progress is not null) all.Add(progress);
        var callbacks = new CallbackList(all, model);

        using var classWeights = ClassWeightTensor(options.ClassWeight);
        using var interrupt = new InterruptWatch(cancellationToken);

        List<string> logged = ["loss", .. metrics.Select(m => m.Name)];
        var info = new TrainingInfo(options.Epochs, loader.BatchCount, train.Count, validation?.Count ?? 0, logged, options.BatchSize) { Validation = validationText };
        callbacks.OnTrainBegin(info);

        IReadOnlyDictionary<string, double> logs = new Dictionary<string, double>();
        for (var epoch = 0; epoch < options.Epochs && !callbacks.StopRequested && !interrupt.Requested; epoch++)
        {
            callbacks.OnEpochBegin(epoch);
            var epochLogs = TrainEpoch(loader, optimizer, metrics, classWeights, callbacks, interrupt);
            // An interrupted epoch is not a completed one: callbacks keep what the last whole epoch gave them.
            if (interrupt.Requested) break;
            if (validation is not null)
            {
                foreach (var (k, v) in EvaluatePrepared(validation, Math.Max(options.BatchSize, 256), [], "val_")) epochLogs[k] = v;
            }
            epochLogs["learning_rate"] = optimizer.LearningRate;
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
        CheckTargets(data, "evaluation data");
        Prepare(data);
        return EvaluatePrepared(data, batchSize, extra, prefix);
    }

    /// <summary>Evaluates data already checked against a built model on the device (Fit's validation, each epoch).</summary>
    private Dictionary<string, double> EvaluatePrepared(Dataset data, int batchSize, IReadOnlyList<Metric> extra, string prefix)
    {
        var metrics = compiledMetrics.Select(m => m.Clone()).Concat(extra).ToList();
        foreach (var m in metrics) m.Reset();
        var wasTraining = model.training;
        model.eval();
        double lossSum = 0;
        long seen = 0;
        try
        {
            using var noGrad = no_grad();
            foreach (var raw in new DataLoader(data, batchSize))
            {
                using var scope = NewDisposeScope();
                using var batch = raw.To(LeptonRuntime.Device);
                var output = model.Run(batch.Inputs);
                var value = loss.Compute(output, batch.Target!).mean();
                lossSum += value.item<float>() * batch.Count;
                seen += batch.Count;
                var probabilities = loss.ToProbabilities(output);
                foreach (var m in metrics) m.Update(probabilities, batch.Target!);
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        var logs = new Dictionary<string, double>(StringComparer.Ordinal) { [prefix + "loss"] = lossSum / seen };
        foreach (var m in metrics) logs[prefix + m.Name] = m.Result();
        return logs;
    }

    private Dictionary<string, double> TrainEpoch(DataLoader loader, Optimizer optimizer, List<Metric> metrics, Tensor? classWeights, CallbackList callbacks, InterruptWatch interrupt)
    {
        model.train();
        foreach (var m in metrics) m.Reset();
        double lossSum = 0;
        long seen = 0;
        var step = 0;

        Dictionary<string, double> Current()
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = seen == 0 ? double.NaN : lossSum / seen };
            foreach (var m in metrics) values[m.Name] = m.Result();
            return values;
        }

        foreach (var raw in loader)
        {
            var size = raw.Count;
            using (var scope = NewDisposeScope())
            {
                using var batch = raw.To(LeptonRuntime.Device);
                optimizer.ZeroGrad();
                var output = model.Run(batch.Inputs);
                var perElement = loss.Compute(output, batch.Target!);
                var value = classWeights is null ? perElement.mean() : (perElement * loss.ClassWeightsFor(batch.Target!, classWeights)).mean();
                value.backward();
                optimizer.Step();

                var scalar = value.item<float>();
                if (!float.IsFinite(scalar))
                    throw new InvalidOperationException($"The loss became {scalar} at epoch step {step + 1}: lower the learning rate, clip gradients (ClipNorm) or check the data for NaN/∞.");
                lossSum += scalar * batch.Count;
                seen += batch.Count;
                if (metrics.Count > 0)
                {
                    using var noGrad = no_grad();
                    var probabilities = loss.ToProbabilities(output.detach());
                    foreach (var m in metrics) m.Update(probabilities, batch.Target!);
                }
            }
            step++;
            var logs = new BatchLogs(step, loader.BatchCount, size, lossSum / seen, Current);
            callbacks.OnBatchEnd(step - 1, logs);
            if (interrupt.Requested) break;
        }
        return step == 0 ? [] : Current();
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
        model.Metadata.OutputLoss = loss;
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
