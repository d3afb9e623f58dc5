using System.Globalization;
using ScottPlot;

namespace Lepton.Training.Evaluation;

/// <summary>The evaluation report's charts, drawn with ScottPlot in the data report's colours.</summary>
internal static class EvaluationCharts
{
    /// <summary>Scatter plots draw at most this many points, taken at an even stride so the picture stays the same run to run.</summary>
    public const int MaxScatterPoints = 5_000;

    private const int Width = 560;
    private const int Height = 420;
    private static readonly Color Ink = Color.FromHex("#1f2937");
    private static readonly Color Muted = Color.FromHex("#6b7280");
    private static readonly Color Grid = Color.FromHex("#e5e7eb");
    private static readonly Color Primary = Color.FromHex("#4f46e5");
    private static readonly Color Accent = Color.FromHex("#0d9488");

    public static IReadOnlyList<EvaluationChart> For(ModelEvaluation evaluation)
    {
        if (evaluation.Classification is { } c)
        {
            var charts = new List<EvaluationChart> { Confusion(c) };
            if (c.RocCurves.Count > 0) charts.Add(Curves("roc.png", "ROC curve" + (c.RocCurves.Count > 1 ? "s (one class against the rest)" : ""), c.RocCurves, "false-positive rate", "true-positive rate", "AUC", diagonal: true));
            if (c.PrecisionRecallCurves.Count > 0) charts.Add(Curves("precision-recall.png", "Precision–recall curve" + (c.PrecisionRecallCurves.Count > 1 ? "s" : ""), c.PrecisionRecallCurves, "recall", "precision", "AP", diagonal: false));
            charts.Add(Calibration(c));
            return charts;
        }

        var r = evaluation.Regression!;
        return [PredictedVersusActual(r), Residuals(r), ResidualHistogram(r)];
    }

    private static EvaluationChart Confusion(ClassificationEvaluation c)
    {
        using var plot = NewPlot();
        var matrix = c.ConfusionMatrix;
        var n = c.ClassNames.Count;
        for (var row = 0; row < n; row++)
        {
            long total = 0;
            for (var col = 0; col < n; col++) total += matrix[row, col];
            for (var col = 0; col < n; col++)
            {
                // Shaded by the share of the true class's rows, so a small class's mistakes show as clearly as a large one's.
                var share = total == 0 ? 0 : (double)matrix[row, col] / total;
                var y = n - 1 - row;
                var cell = plot.Add.Rectangle(col, col + 1, y, y + 1);
                cell.FillColor = Colors.White.MixedWith(row == col ? Primary : Color.FromHex("#dc2626"), (float)share);
                cell.LineColor = Colors.White;
                cell.LineWidth = 1;
                if (n <= 20)
                {
                    var text = plot.Add.Text(matrix[row, col].ToString("N0", CultureInfo.InvariantCulture), col + 0.5, y + 0.5);
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontSize = n <= 10 ? 12 : 9;
                    text.LabelFontColor = share > 0.6 ? Colors.White : Ink;
                }
            }
        }

        var centres = Enumerable.Range(0, n).Select(i => i + 0.5).ToArray();
        plot.Axes.Bottom.SetTicks(centres, c.ClassNames.Select(s => Cut(s, 14)).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 30 + 6.5f * Math.Min(14, c.ClassNames.Max(s => s.Length));
        plot.Axes.Left.SetTicks(centres.Select(x => n - x).ToArray(), c.ClassNames.Select(s => Cut(s, 16)).ToArray());
        plot.Axes.SetLimits(0, n, 0, n);
        plot.HideGrid();
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        var side = Math.Clamp(200 + 44 * n, 420, 900);
        return Chart("confusion-matrix.png", "Confusion matrix (counts; shade: share of the true class)", plot, side + 60, side);
    }

    private static EvaluationChart Curves(string file, string title, IReadOnlyList<Curve> curves, string x, string y, string area, bool diagonal)
    {
        using var plot = NewPlot();
        if (diagonal)
        {
            var chance = plot.Add.Line(0, 0, 1, 1);
            chance.LineColor = Muted;
            chance.LinePattern = LinePattern.Dashed;
        }

        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < curves.Count; i++)
        {
            var line = plot.Add.ScatterLine(curves[i].X.ToArray(), curves[i].Y.ToArray());
            line.Color = curves.Count == 1 ? Primary : palette.GetColor(i);
            line.LineWidth = 2;
            line.LegendText = $"{Cut(curves[i].Label, 16)} ({area} {Figure(curves[i].Area)})";
        }

        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.ShowLegend(Alignment.LowerRight);
        return Chart(file, title, plot, Width, Height);
    }

    private static EvaluationChart Calibration(ClassificationEvaluation c)
    {
        using var plot = NewPlot();
        var perfect = plot.Add.Line(0, 0, 1, 1);
        perfect.LineColor = Muted;
        perfect.LinePattern = LinePattern.Dashed;
        perfect.LegendText = "perfectly calibrated";
        var bins = c.Calibration;
        var line = plot.Add.ScatterLine(bins.Select(b => b.MeanPredicted).ToArray(), bins.Select(b => b.ObservedFrequency).ToArray());
        line.Color = Accent;
        line.LineWidth = 2;
        line.MarkerSize = 7;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.LegendText = "model";
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        var binary = c.ClassNames.Count == 2;
        plot.XLabel(binary ? $"predicted probability of '{Cut(c.ClassNames[1], 20)}'" : "probability of the predicted class");
        plot.YLabel(binary ? "share that were" : "share predicted right");
        plot.ShowLegend(Alignment.UpperLeft);
        return Chart("calibration.png", "Calibration curve (" + (binary ? "positive class" : "top label") + ", 10 bins)", plot, Width, Height);
    }

    private static EvaluationChart PredictedVersusActual(RegressionEvaluation r)
    {
        using var plot = NewPlot();
        var (actual, predicted) = (Sample(r.Actual), Sample(r.Predicted));
        var low = Math.Min(actual.Min(), predicted.Min());
        var high = Math.Max(actual.Max(), predicted.Max());
        var ideal = plot.Add.Line(low, low, high, high);
        ideal.LineColor = Muted;
        ideal.LinePattern = LinePattern.Dashed;
        plot.Add.Markers(actual, predicted, MarkerShape.FilledCircle, 5, Primary.WithAlpha(0.45));
        plot.XLabel("actual");
        plot.YLabel("predicted");
        return Chart("predicted-vs-actual.png", $"Predicted against actual (R² {Figure(r.R2)})", plot, Width, Height);
    }

    private static EvaluationChart Residuals(RegressionEvaluation r)
    {
        using var plot = NewPlot();
        var zero = plot.Add.HorizontalLine(0);
        zero.LineColor = Muted;
        zero.LinePattern = LinePattern.Dashed;
        plot.Add.Markers(Sample(r.Predicted), Sample(r.Residuals), MarkerShape.FilledCircle, 5, Accent.WithAlpha(0.45));
        plot.XLabel("predicted");
        plot.YLabel("residual (actual − predicted)");
        return Chart("residuals.png", "Residuals against predictions", plot, Width, Height);
    }

    private static EvaluationChart ResidualHistogram(RegressionEvaluation r)
    {
        using var plot = NewPlot();
        plot.Add.Bars(r.ResidualHistogram.Select(b => new Bar
        {
            Position = (b.Lower + b.Upper) / 2,
            Value = b.Count,
            Size = Math.Max(b.Upper - b.Lower, 1e-12) * 0.92,
            FillColor = Primary,
            LineWidth = 0,
        }).ToList());
        plot.Axes.Margins(0.02, 0.02, 0, 0.08);
        plot.XLabel("residual (actual − predicted)");
        plot.YLabel("rows");
        return Chart("residual-histogram.png", $"Distribution of the residuals (RMSE {Figure(r.Rmse)}, MAE {Figure(r.Mae)})", plot, Width, Height);
    }

    private static double[] Sample(IReadOnlyList<double> values)
    {
        if (values.Count <= MaxScatterPoints) return values.ToArray();
        var stride = (double)values.Count / MaxScatterPoints;
        return Enumerable.Range(0, MaxScatterPoints).Select(i => values[(int)(i * stride)]).ToArray();
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Grid;
        return plot;
    }

    private static EvaluationChart Chart(string file, string title, Plot plot, int width, int height)
    {
        plot.Axes.Color(Muted);
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = 12;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontSize = 11;
        }

        return new EvaluationChart(file, title, plot.GetImageBytes(width, height, ImageFormat.Png), width, height);
    }

    internal static string Figure(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
