using Lepton.Nn.Losses;
using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// The exact area under the ROC curve over the whole pass: the probability that a random positive scores above
/// a random negative, ties counting one half (the Mann–Whitney U statistic over n₊·n₋, i.e. the trapezoid rule).
/// Binary outputs use their one column, or column 1 of two; more classes give the macro average of one-vs-rest
/// areas. A class with no positives or no negatives has no area and is left out of the average; the result is
/// NaN when no class has one (or before any data).
/// </summary>
/// <remarks>
/// Targets are class indices, or one-hot / multi-label targets of the outputs' shape (each column is then its own
/// yes/no label). Every score is kept until <see cref="Reset"/>: memory grows with the pass, 4 bytes per score.
/// </remarks>
public sealed class RocAuc : Metric
{
    private readonly List<float> _scores = [];
    private readonly List<bool> _positive = [];
    private int _columns;

    /// <inheritdoc />
    public override string Name => "auc";

    /// <inheritdoc />
    public override MetricDirection Direction => MetricDirection.Maximize;

    /// <inheritdoc />
    public override void Reset()
    {
        _scores.Clear();
        _positive.Clear();
        _columns = 0;
    }

    /// <inheritdoc />
    public override void Update(Tensor outputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var (scores, positive) = Columns(outputs, targets);
        var columns = (int)scores.shape[1];
        if (_columns != 0 && _columns != columns)
            throw new ShapeMismatchException($"{Name}: this batch scores {columns} columns but earlier batches scored {_columns}.");
        _columns = columns;
        _scores.AddRange(scores.to_type(ScalarType.Float32).contiguous().cpu().data<float>());
        _positive.AddRange(positive.contiguous().cpu().data<bool>());
    }

    /// <inheritdoc />
    public override double Result()
    {
        if (_columns == 0) return double.NaN;
        var rows = _scores.Count / _columns;
        var areas = new List<double>(_columns);
        var scores = new float[rows];
        var positive = new bool[rows];
        for (var c = 0; c < _columns; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                scores[r] = _scores[r * _columns + c];
                positive[r] = _positive[r * _columns + c];
            }
            var area = Area(scores, positive);
            if (!double.IsNaN(area)) areas.Add(area);
        }
        return areas.Count == 0 ? double.NaN : areas.Average();
    }

    /// <inheritdoc />
    public override Metric Clone() => new RocAuc();

    /// <summary>
    /// The Mann–Whitney area of one yes/no column: (sum of the positives' midranks − n₊(n₊+1)/2) / (n₊·n₋), or
    /// NaN without both positives and negatives. Sorts <paramref name="scores"/> and <paramref name="positive"/> in place.
    /// </summary>
    internal static double Area(float[] scores, bool[] positive)
    {
        var n = scores.Length;
        long positives = positive.Count(p => p);
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        Array.Sort(scores, positive);
        double rankSum = 0;
        for (var i = 0; i < n;)
        {
            var j = i + 1;
            while (j < n && scores[j] == scores[i]) j++;
            // Ranks i+1 … j are tied: each gets their mean.
            var midrank = (i + 1 + j) / 2.0;
            for (var k = i; k < j; k++)
            {
                if (positive[k]) rankSum += midrank;
            }
            i = j;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Scores <c>(M, K)</c> and yes/no labels <c>(M, K)</c>, one column per area to compute.</summary>
    private (Tensor Scores, Tensor Positive) Columns(Tensor outputs, Tensor targets)
    {
        var o = outputs.shape;
        var t = targets.shape;
        var classes = o[^1];
        if (classes == 1 || o.Length == 1 && t.Length == 1)
        {
            var flat = outputs.reshape(-1, 1);
            if (flat.shape[0] != targets.numel())
                throw new ShapeMismatchException(
                    $"{Name}: binary outputs of shape {ElementwiseShapes.Format(o)} do not match targets of shape {ElementwiseShapes.Format(t)}.");
            return (flat, ClassLabels.Rounded(targets.reshape(-1, 1)).eq(1));
        }

        Tensor positive;
        if (o.SequenceEqual(t))
        {
            positive = ClassLabels.Rounded(targets.reshape(-1, classes)).eq(1);
        }
        else if (o.Length == t.Length + 1 && o.AsSpan(0, t.Length).SequenceEqual(t))
        {
            var index = targets.reshape(-1).to(ScalarType.Int64);
            if (index.numel() > 0 && (index.min().item<long>() < 0 || index.max().item<long>() >= classes))
                throw new ArgumentException($"{Name}: the targets hold class indices outside 0 to {classes - 1}, but the outputs have {classes} classes.");
            positive = index.unsqueeze(1).eq(arange(classes, device: index.device).unsqueeze(0));
        }
        else
        {
            throw new ShapeMismatchException(
                $"{Name}: outputs of shape {ElementwiseShapes.Format(o)} do not fit targets of shape {ElementwiseShapes.Format(t)}: expected class indices of shape {ElementwiseShapes.Format(o.AsSpan(0, o.Length - 1))}, or targets of the outputs' shape.");
        }

        var scores = outputs.reshape(-1, classes);
        // Two softmax columns are one binary problem: the area of class 1 (class 0's is the same by symmetry).
        return classes == 2 ? (scores[.., 1..], positive[.., 1..]) : (scores, positive);
    }
}
