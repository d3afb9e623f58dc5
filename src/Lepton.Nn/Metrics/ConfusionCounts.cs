using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// A confusion matrix accumulated over a pass (rows = true class, columns = predicted class), and the
/// per-class averaging behind precision, recall and F1.
/// </summary>
internal sealed class ConfusionCounts
{
    /// <summary>The counts so far; empty (0 × 0) until the first batch fixes the number of classes.</summary>
    public long[,] Matrix { get; private set; } = new long[0, 0];

    /// <summary>The number of classes, 0 before the first batch.</summary>
    public int Classes => Matrix.GetLength(0);

    /// <summary>The number of predictions counted.</summary>
    public long Total { get; private set; }

    public void Reset() => (Matrix, Total) = (new long[0, 0], 0);

    /// <summary>Counts one batch; <paramref name="metric"/> names the metric in error messages.</summary>
    public void Add(Tensor outputs, Tensor targets, double threshold, string metric, Averaging averaging = Averaging.Macro)
    {
        using var scope = NewDisposeScope();
        var classes = ClassLabels.CountOf(outputs, targets);
        if (averaging == Averaging.Binary && classes != 2) throw NotBinary(metric, classes);
        var (predicted, actual) = ClassLabels.Of(outputs, targets, threshold);
        if (Classes != 0 && Classes != classes)
            throw new ShapeMismatchException($"{metric}: this batch's outputs have {classes} classes but earlier batches had {Classes}.");
        actual = actual.reshape(-1);
        if (actual.numel() == 0) return;
        var (low, high) = (actual.min().item<long>(), actual.max().item<long>());
        if (low < 0 || high >= classes)
            throw new ArgumentException(
                $"{metric}: the targets hold class {(low < 0 ? low : high)} but the outputs have {classes} classes (0 to {classes - 1}). Check the size of the last layer.");

        if (Classes == 0) Matrix = new long[classes, classes];
        var cells = (actual * classes + predicted.reshape(-1)).bincount(null, classes * classes).cpu();
        var counts = cells.data<long>();
        for (var i = 0; i < classes; i++)
        {
            for (var j = 0; j < classes; j++) Matrix[i, j] += counts[i * classes + j];
        }
        Total += actual.numel();
    }

    /// <summary>Correct predictions: the diagonal.</summary>
    public long Correct()
    {
        long sum = 0;
        for (var c = 0; c < Classes; c++) sum += Matrix[c, c];
        return sum;
    }

    /// <summary>
    /// One number from a per-class score of (true positives, false positives, false negatives), averaged as
    /// <paramref name="averaging"/> says. Before any data the score is 0, as for an empty class.
    /// </summary>
    public double Average(Averaging averaging, Func<long, long, long, double> score, string metric)
    {
        if (Classes == 0) return 0;
        switch (averaging)
        {
            case Averaging.Binary:
                if (Classes != 2) throw NotBinary(metric, Classes);
                return ScoreOf(1, score);
            case Averaging.Micro:
                long tp = 0, fp = 0, fn = 0;
                for (var c = 0; c < Classes; c++)
                {
                    tp += Matrix[c, c];
                    fp += Predicted(c) - Matrix[c, c];
                    fn += Support(c) - Matrix[c, c];
                }
                return score(tp, fp, fn);
            case Averaging.Macro:
                // Like scikit-learn, whose labels come from the data: a class never seen nor predicted does not count.
                var present = Enumerable.Range(0, Classes).Where(c => Support(c) + Predicted(c) > 0).ToList();
                return present.Count == 0 ? 0 : present.Average(c => ScoreOf(c, score));
            case Averaging.Weighted:
                return Total == 0 ? 0 : Enumerable.Range(0, Classes).Sum(c => Support(c) * ScoreOf(c, score)) / Total;
            default:
                throw new ArgumentOutOfRangeException(nameof(averaging), averaging, "Unknown averaging.");
        }
    }

    /// <summary>The metric's name: the base name, with the averaging as a suffix unless it is binary (<c>f1_macro</c>).</summary>
    public static string NameOf(string name, Averaging averaging) => averaging switch
    {
        Averaging.Binary => name,
        Averaging.Macro => name + "_macro",
        Averaging.Micro => name + "_micro",
        Averaging.Weighted => name + "_weighted",
        _ => throw new ArgumentOutOfRangeException(nameof(averaging), averaging, "Unknown averaging."),
    };

    /// <summary>A ratio that is 0 when nothing was counted (scikit-learn's zero_division=0).</summary>
    public static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static InvalidOperationException NotBinary(string metric, int classes) =>
        new($"{metric}: binary averaging needs two classes (one sigmoid output or two softmax outputs), but the outputs have {classes}. " +
            $"Use macro, micro or weighted averaging (for example '{metric}_macro').");

    private double ScoreOf(int c, Func<long, long, long, double> score) =>
        score(Matrix[c, c], Predicted(c) - Matrix[c, c], Support(c) - Matrix[c, c]);

    private long Support(int c)
    {
        long sum = 0;
        for (var j = 0; j < Classes; j++) sum += Matrix[c, j];
        return sum;
    }

    private long Predicted(int c)
    {
        long sum = 0;
        for (var i = 0; i < Classes; i++) sum += Matrix[i, c];
        return sum;
    }
}
