using Lepton.Data;
using Lepton.Export.Compression;
using Lepton.Nn.Losses;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Optimizers;
using Lepton.Nn.Training;

namespace Lepton.Cli.Commands.Compress;

/// <summary>
/// The training <c>lepton compress</c> does on top of a trained model, as the compression benchmarks do it: AdamW with a
/// one-cycle schedule over every step, and for pruning a polynomial sparsity schedule over the first 60% of the steps
/// followed by fixed masks (TensorFlow Model Optimization's recipe), made permanent at the end.
/// </summary>
internal static class FineTuning
{
    /// <summary>Share of the fine-tuning steps over which sparsity rises; the rest train with the final masks.</summary>
    private const double RampShare = 0.6;

    /// <summary>Fine-tunes <paramref name="model"/> while pruning it to <paramref name="sparsity"/>; returns each kernel's sparsity reached.</summary>
    public static IReadOnlyList<PrunedWeight> Prune(Model model, string source, Dataset train, double sparsity, PruningScope scope, int epochs, int batchSize, double learningRate)
    {
        var steps = Steps(train, epochs, batchSize);
        model.Compile(Optimizer(learningRate, steps), LossOf(model, source), MetricsOf(model));
        // Masks are recomputed about 20 times while sparsity rises, as often as every 100 steps on long runs.
        var ramp = Math.Max(1, (long)(steps * RampShare));
        var pruning = new Pruning(new PolynomialDecay(0, sparsity, beginStep: 0, endStep: ramp, frequency: Math.Clamp(ramp / 20, 1, 100)), scope);
        model.Fit(train, epochs, batchSize, callbacks: [pruning], verbose: Verbosity.Auto);
        return pruning.Strip();
    }

    /// <summary>Trains <paramref name="student"/> on <paramref name="teacher"/>'s softened outputs and the labels (Hinton et al. 2015).</summary>
    public static void Distill(Model teacher, string source, Model student, Dataset train, double temperature, double alpha, int epochs, int batchSize, double learningRate)
    {
        var loss = LossOf(teacher, source);
        student.Compile(Optimizer(learningRate, Steps(train, epochs, batchSize)), loss, MetricsOf(teacher));
        student.Metadata.ClassNames = teacher.Metadata.ClassNames;
        student.Metadata.Preprocessing = (System.Text.Json.Nodes.JsonObject)teacher.Metadata.Preprocessing.DeepClone();
        student.Metadata.OutputLoss = loss;
        // Not disposed: a distiller holds the student as its module, and disposing it would free the student's weights.
        var distiller = new Distiller(teacher, student, temperature, alpha);
        distiller.Fit(train, epochs, batchSize, verbose: Verbosity.Auto);
    }

    private static long Steps(Dataset train, int epochs, int batchSize) => Math.Max(2, (long)Math.Ceiling(train.Count / (double)batchSize) * epochs);

    private static AdamW Optimizer(double learningRate, long steps) => new(learningRate, weightDecay: 5e-4, schedule: new OneCycle(learningRate, steps));

    private static Loss LossOf(Model model, string source) => model.Metadata.OutputLoss
        ?? throw new CliException($"'{source}' does not say which loss it was trained with, so it cannot be trained further; save it after Compile (lepton train and quickstart models do).");

    private static Metric[] MetricsOf(Model model) =>
        model.Metadata.OutputLoss is SparseCategoricalCrossentropy or CategoricalCrossentropy or BinaryCrossentropy ? [new Accuracy()] : [];
}
