using Lepton.Nn.Metrics;
using static TorchSharp.torch;

namespace Lepton.Training.Evaluation;

/// <summary>
/// How well predicted class probabilities match true classes: accuracy, macro and weighted F1, ROC-AUC, log loss,
/// per-class precision, recall and F1, the confusion matrix, and the data of the ROC, precision–recall and
/// calibration curves. Accuracy, F1 and ROC-AUC are Lepton.Nn's epoch metrics (the same figures <c>Fit</c> logs).
/// </summary>
public sealed class ClassificationEvaluation
{
    /// <summary>Log loss clips probabilities to [ε, 1 − ε] with this ε, as scikit-learn 1.2's <c>log_loss</c>.</summary>
    public const double LogLossEpsilon = 1e-15;

    private readonly long[,] _confusion;

    private ClassificationEvaluation(IReadOnlyList<string> classNames, long[,] confusion)
    {
        ClassNames = classNames;
        _confusion = confusion;
    }

    /// <summary>The classes, in the order of the model's outputs.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The rows evaluated.</summary>
    public long Count { get; private init; }

    /// <summary>The share of rows whose most probable class is the true one.</summary>
    public double Accuracy { get; private init; }

    /// <summary>The unweighted mean of the per-class F1 over the classes present in the targets or predictions.</summary>
    public double MacroF1 { get; private init; }

    /// <summary>The mean of the per-class F1 weighted by each class's support.</summary>
    public double WeightedF1 { get; private init; }

    /// <summary>The area under the ROC curve: of the positive class for two classes, else the macro average of one-vs-rest areas (NaN when no class has both positives and negatives).</summary>
    public double RocAuc { get; private init; }

    /// <summary>The mean negative log of the probability given to the true class (rows renormalised to sum to 1, clipped by <see cref="LogLossEpsilon"/>).</summary>
    public double LogLoss { get; private init; }

    /// <summary>Precision, recall, F1 and support of every class, in class order.</summary>
    public IReadOnlyList<ClassMetrics> Classes { get; private init; } = [];

    /// <summary>A copy of the confusion matrix: rows are the true class, columns the predicted class.</summary>
    public long[,] ConfusionMatrix => (long[,])_confusion.Clone();

    /// <summary>ROC curves: the positive class's for two classes, one per class (one-vs-rest) for more; a class without both positives and negatives has none.</summary>
    public IReadOnlyList<Curve> RocCurves { get; private init; } = [];

    /// <summary>Precision–recall curves, as <see cref="RocCurves"/>, each with its average precision as the area.</summary>
    public IReadOnlyList<Curve> PrecisionRecallCurves { get; private init; } = [];

    /// <summary>
    /// The calibration curve: for two classes, the predicted probability of the positive class against how often it
    /// occurred; for more, the probability of the predicted class against how often it was right (top-label).
    /// </summary>
    public IReadOnlyList<CalibrationBin> Calibration { get; private init; } = [];

    /// <summary>The headline figures by their metric keys (<c>accuracy</c>, <c>f1_macro</c>, <c>f1_weighted</c>, <c>auc</c>, <c>log_loss</c>).</summary>
    public IReadOnlyDictionary<string, double> Metrics => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [new Accuracy().Name] = Accuracy,
        [new F1Score(Averaging.Macro).Name] = MacroF1,
        [new F1Score(Averaging.Weighted).Name] = WeightedF1,
        [new Lepton.Nn.Metrics.RocAuc().Name] = RocAuc,
        [EvaluationKeys.LogLoss] = LogLoss,
    };

    /// <summary>Evaluates predicted probabilities against true class indices.</summary>
    /// <param name="probabilities">One row per example: a probability per class, or one column (a sigmoid's probability of class 1) for two classes.</param>
    /// <param name="labels">The true class index of each row.</param>
    /// <param name="classNames">A name per class; by default the indices.</param>
    /// <exception cref="ArgumentException">The shapes disagree, there are no rows, or a label is outside the classes, named with its row.</exception>
    public static ClassificationEvaluation Compute(float[,] probabilities, int[] labels, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        var rows = probabilities.GetLength(0);
        var columns = probabilities.GetLength(1);
        if (rows == 0) throw new ArgumentException("There are no rows to evaluate.", nameof(probabilities));
        if (rows != labels.Length) throw new ArgumentException($"The probabilities have {rows} rows but there are {labels.Length} labels.", nameof(labels));
        if (columns == 0) throw new ArgumentException("The probabilities have no columns.", nameof(probabilities));
        var full = columns == 1 ? FromSigmoid(probabilities) : probabilities;
        var classes = full.GetLength(1);
        var names = classNames?.ToList() ?? Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (names.Count != classes) throw new ArgumentException($"There are {names.Count} class names for {classes} classes of probabilities.", nameof(classNames));
        for (var i = 0; i < rows; i++)
        {
            if (labels[i] < 0 || labels[i] >= classes)
                throw new ArgumentException($"Row {i}'s label is {labels[i]}, outside the {classes} classes 0 to {classes - 1}.", nameof(labels));
        }

        var (accuracy, macro, weighted, auc, confusion) = NnMetrics(full, labels);
        var perClass = PerClass(confusion, names);
        var (roc, pr) = Curves(full, labels, names);
        return new ClassificationEvaluation(names, confusion)
        {
            Count = rows,
            Accuracy = accuracy,
            MacroF1 = macro,
            WeightedF1 = weighted,
            RocAuc = auc,
            LogLoss = LogLossOf(full, labels),
            Classes = perClass,
            RocCurves = roc,
            PrecisionRecallCurves = pr,
            Calibration = CalibrationOf(full, labels),
        };
    }

    private static float[,] FromSigmoid(float[,] single)
    {
        var rows = single.GetLength(0);
        var full = new float[rows, 2];
        for (var i = 0; i < rows; i++) (full[i, 0], full[i, 1]) = (1 - single[i, 0], single[i, 0]);
        return full;
    }

    /// <summary>The figures Lepton.Nn's metrics already compute, over the whole set as one batch.</summary>
    private static (double Accuracy, double Macro, double Weighted, double Auc, long[,] Confusion) NnMetrics(float[,] probabilities, int[] labels)
    {
        using var scope = NewDisposeScope();
        var outputs = tensor(probabilities);
        var targets = tensor(labels.Select(l => (long)l).ToArray());
        var accuracy = new Accuracy();
        var macro = new F1Score(Averaging.Macro);
        var weighted = new F1Score(Averaging.Weighted);
        var auc = new Lepton.Nn.Metrics.RocAuc();
        var confusion = new Lepton.Nn.Metrics.ConfusionMatrix();
        foreach (var metric in new Metric[] { accuracy, macro, weighted, auc, confusion }) metric.Update(outputs, targets);
        return (accuracy.Result(), macro.Result(), weighted.Result(), auc.Result(), confusion.Matrix);
    }

    private static List<ClassMetrics> PerClass(long[,] confusion, IReadOnlyList<string> names)
    {
        var classes = names.Count;
        var result = new List<ClassMetrics>(classes);
        for (var c = 0; c < classes; c++)
        {
            long tp = confusion[c, c], predicted = 0, actual = 0;
            for (var k = 0; k < classes; k++)
            {
                predicted += confusion[k, c];
                actual += confusion[c, k];
            }
            var precision = predicted == 0 ? 0 : (double)tp / predicted;
            var recall = actual == 0 ? 0 : (double)tp / actual;
            var f1 = predicted + actual == 0 ? 0 : 2.0 * tp / (predicted + actual);
            result.Add(new ClassMetrics(names[c], precision, recall, f1, actual));
        }
        return result;
    }

    private static (List<Curve> Roc, List<Curve> PrecisionRecall) Curves(float[,] probabilities, int[] labels, IReadOnlyList<string> names)
    {
        var rows = labels.Length;
        var classes = names.Count;
        var roc = new List<Curve>();
        var pr = new List<Curve>();
        // Two classes are one yes/no problem: the positive class's curves (class 0's mirror them).
        foreach (var c in classes == 2 ? [1] : Enumerable.Range(0, classes))
        {
            var scores = new double[rows];
            var positive = new bool[rows];
            for (var i = 0; i < rows; i++) (scores[i], positive[i]) = (probabilities[i, c], labels[i] == c);
            if (ThresholdCurves.Roc(names[c], scores, positive) is { } r) roc.Add(r);
            if (ThresholdCurves.PrecisionRecall(names[c], scores, positive) is { } p) pr.Add(p);
        }
        return (roc, pr);
    }

    private static double LogLossOf(float[,] probabilities, int[] labels)
    {
        var classes = probabilities.GetLength(1);
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            double total = 0;
            for (var c = 0; c < classes; c++) total += probabilities[i, c];
            var p = total > 0 ? probabilities[i, labels[i]] / total : 0;
            sum -= Math.Log(Math.Clamp(p, LogLossEpsilon, 1 - LogLossEpsilon));
        }
        return sum / labels.Length;
    }

    private static IReadOnlyList<CalibrationBin> CalibrationOf(float[,] probabilities, int[] labels)
    {
        var rows = labels.Length;
        var classes = probabilities.GetLength(1);
        var predicted = new double[rows];
        var hit = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            if (classes == 2)
            {
                (predicted[i], hit[i]) = (probabilities[i, 1], labels[i] == 1);
                continue;
            }
            var best = 0;
            for (var c = 1; c < classes; c++) if (probabilities[i, c] > probabilities[i, best]) best = c;
            (predicted[i], hit[i]) = (probabilities[i, best], labels[i] == best);
        }
        return CalibrationCurve.Bins(predicted, hit);
    }
}
