namespace Lepton.Training.Evaluation;

/// <summary>
/// ROC and precision–recall curves of one yes/no column, one point per distinct score taken as the threshold
/// (highest first), as scikit-learn's <c>roc_curve(drop_intermediate=False)</c> and <c>precision_recall_curve</c>.
/// </summary>
internal static class ThresholdCurves
{
    /// <summary>Curves have at most this many points once thinned for drawing and JSON; areas use every point.</summary>
    public const int MaxPoints = 400;

    /// <summary>The ROC curve from (0, 0) to (1, 1) and its trapezoid area, or null without both positives and negatives.</summary>
    public static Curve? Roc(string label, double[] scores, bool[] positive)
    {
        var (tps, fps, _) = Cumulative(scores, positive);
        var p = tps.Count == 0 ? 0 : tps[^1];
        var n = fps.Count == 0 ? 0 : fps[^1];
        if (p == 0 || n == 0) return null;
        var x = new List<double> { 0 };
        var y = new List<double> { 0 };
        for (var i = 0; i < tps.Count; i++)
        {
            x.Add((double)fps[i] / n);
            y.Add((double)tps[i] / p);
        }
        double area = 0;
        for (var i = 1; i < x.Count; i++) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        return Thin(label, x, y, area);
    }

    /// <summary>
    /// The precision–recall curve from recall 0 (precision 1) to the lowest threshold, and the average precision
    /// Σ (Rₖ − Rₖ₋₁)·Pₖ; null when the column has no positives. Like scikit-learn 1.2, the curve goes on below full recall.
    /// </summary>
    public static Curve? PrecisionRecall(string label, double[] scores, bool[] positive)
    {
        var (tps, fps, _) = Cumulative(scores, positive);
        var p = tps.Count == 0 ? 0 : tps[^1];
        if (p == 0) return null;
        var x = new List<double> { 0 };
        var y = new List<double> { 1 };
        double average = 0;
        for (var i = 0; i < tps.Count; i++)
        {
            var recall = (double)tps[i] / p;
            var precision = (double)tps[i] / (tps[i] + fps[i]);
            average += (recall - x[^1]) * precision;
            x.Add(recall);
            y.Add(precision);
        }
        return Thin(label, x, y, average);
    }

    /// <summary>True and false positives counted down the distinct scores, highest first, with the thresholds.</summary>
    private static (List<long> Tps, List<long> Fps, List<double> Thresholds) Cumulative(double[] scores, bool[] positive)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        var tps = new List<long>();
        var fps = new List<long>();
        var thresholds = new List<double>();
        long tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (positive[order[k]]) tp++;
            else fp++;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue;
            tps.Add(tp);
            fps.Add(fp);
            thresholds.Add(scores[order[k]]);
        }
        return (tps, fps, thresholds);
    }

    private static Curve Thin(string label, List<double> x, List<double> y, double area)
    {
        if (x.Count <= MaxPoints) return new Curve(label, x, y, area);
        var keep = Enumerable.Range(0, MaxPoints).Select(i => (int)Math.Round(i * (x.Count - 1) / (double)(MaxPoints - 1))).Distinct().ToList();
        return new Curve(label, keep.Select(i => x[i]).ToList(), keep.Select(i => y[i]).ToList(), area);
    }
}
