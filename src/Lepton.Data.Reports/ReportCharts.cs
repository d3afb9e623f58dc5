using System.Globalization;
using Lepton.Data.Tables;
using ScottPlot;

namespace Lepton.Data.Reports;

/// <summary>The report's charts, drawn with ScottPlot as PNG: one look (colours, fonts, margins) for all of them.</summary>
internal static class ReportCharts
{
    public const int CardWidth = 560;
    public const int CardHeight = 270;
    public const int BoxHeight = 150;

    private static readonly Color Ink = Color.FromHex("#1f2937");
    private static readonly Color Muted = Color.FromHex("#6b7280");
    private static readonly Color Grid = Color.FromHex("#e5e7eb");
    private static readonly Color Primary = Color.FromHex("#4f46e5");
    private static readonly Color Accent = Color.FromHex("#0d9488");
    private static readonly Color Warning = Color.FromHex("#f59e0b");
    private static readonly Color Danger = Color.FromHex("#dc2626");

    /// <summary>Bars of an equal-width histogram; <paramref name="dates"/> when the edges are OLE automation dates.</summary>
    public static byte[] Histogram(IReadOnlyList<HistogramBin> bins, string axis, bool dates)
    {
        using var plot = NewPlot();
        var bars = bins.Select(b => new Bar
        {
            Position = (b.Lower + b.Upper) / 2,
            Value = b.Count,
            Size = Math.Max(b.Upper - b.Lower, 1e-12) * 0.92,
            FillColor = dates ? Accent : Primary,
            LineWidth = 0,
        }).ToList();
        plot.Add.Bars(bars);
        if (dates) plot.Axes.DateTimeTicksBottom();
        plot.Axes.Margins(0.02, 0.02, 0, 0.08);
        plot.XLabel(axis);
        plot.YLabel("rows");
        return Png(plot, CardWidth, CardHeight);
    }

    /// <summary>Horizontal bars of the most frequent values, most frequent on top.</summary>
    public static byte[] TopValues(IReadOnlyList<ValueCount> values, long total)
    {
        using var plot = NewPlot();
        var shown = values.Take(10).ToList();
        var bars = shown.Select((v, i) => new Bar
        {
            Position = shown.Count - 1 - i,
            Value = v.Count,
            Size = 0.7,
            FillColor = Accent,
            LineWidth = 0,
            // Shares too small to read as a percentage show the count instead.
            Label = total > 0 && v.Count * 1000L >= total ? ((double)v.Count / total).ToString("0.#%", CultureInfo.InvariantCulture) : v.Count.ToString("N0", CultureInfo.InvariantCulture),
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 11;
        plottable.ValueLabelStyle.ForeColor = Muted;
        plot.Axes.Left.SetTicks(
            shown.Select((_, i) => (double)(shown.Count - 1 - i)).ToArray(),
            shown.Select(v => Cut(v.Value, 18)).ToArray());
        plot.Axes.Margins(0, 0.18, 0.04, 0.04);
        plot.XLabel("rows");
        return Png(plot, CardWidth, CardHeight);
    }

    /// <summary>Each column's share of missing values, worst first, coloured by how much it matters.</summary>
    public static (byte[] Png, int Width, int Height) Missing(IReadOnlyList<ColumnProfile> columns)
    {
        using var plot = NewPlot();
        var height = Math.Max(220, 40 + 24 * columns.Count);
        var bars = columns.Select((c, i) => new Bar
        {
            Position = columns.Count - 1 - i,
            Value = c.MissingShare * 100,
            Size = 0.7,
            FillColor = c.MissingShare >= 0.5 ? Danger : c.MissingShare >= 0.05 ? Warning : c.MissingShare > 0 ? Primary : Grid,
            LineWidth = 0,
            Label = c.Missing == 0 ? "" : c.MissingShare.ToString("0.##%", CultureInfo.InvariantCulture),
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 11;
        plottable.ValueLabelStyle.ForeColor = Muted;
        plot.Axes.Left.SetTicks(columns.Select((_, i) => (double)(columns.Count - 1 - i)).ToArray(), columns.Select(c => Cut(c.Name, 20)).ToArray());
        var worst = columns.Count == 0 ? 0 : columns.Max(c => c.MissingShare * 100);
        plot.Axes.SetLimitsX(0, Math.Max(1, worst * 1.2));
        plot.Axes.SetLimitsY(-0.6, columns.Count - 0.4);
        plot.XLabel("% missing");
        return (Png(plot, 720, height), 720, height);
    }

    /// <summary>A square grid of correlations (−1 blue, 0 white, +1 red), the value written in each cell.</summary>
    public static (byte[] Png, int Width, int Height) Heatmap(IReadOnlyList<string> names, Func<string, string, double?> value, string measure)
    {
        using var plot = NewPlot();
        var n = names.Count;
        for (var row = 0; row < n; row++)
        {
            for (var col = 0; col < n; col++)
            {
                var v = row == col ? 1.0 : value(names[row], names[col]);
                var y = n - 1 - row;
                var cell = plot.Add.Rectangle(col, col + 1, y, y + 1);
                cell.FillColor = v is { } known && double.IsFinite(known) ? Diverging(known) : Color.FromHex("#f3f4f6");
                cell.LineColor = Colors.White;
                cell.LineWidth = 1;
                if (n <= 16 && v is { } shown && double.IsFinite(shown))
                {
                    var text = plot.Add.Text(Math.Abs(shown) < 0.005 ? "0.00" : shown.ToString("0.00", CultureInfo.InvariantCulture), col + 0.5, y + 0.5);
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontSize = n <= 8 ? 13 : 10;
                    text.LabelFontColor = Math.Abs(shown) > 0.6 ? Colors.White : Ink;
                }
            }
        }

        var centres = Enumerable.Range(0, n).Select(i => i + 0.5).ToArray();
        plot.Axes.Bottom.SetTicks(centres, names.Select(s => Cut(s, 14)).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 20 + 6.5f * Math.Min(14, names.Max(s => s.Length));
        plot.Axes.Left.SetTicks(centres.Select(c => n - c).ToArray(), names.Select(s => Cut(s, 16)).ToArray());
        plot.Axes.SetLimits(0, n, 0, n);
        plot.HideGrid();
        plot.Title(measure);
        var side = Math.Clamp(160 + 44 * n, 420, 960);
        return (Png(plot, side + 60, side), side + 60, side);
    }

    /// <summary>A horizontal box plot from the profile's quantiles: box Q1–Q3, median, mean, whiskers at the IQR fences (clamped to min and max), min and max marked.</summary>
    public static byte[] Box(ColumnProfile column)
    {
        using var plot = NewPlot();
        var q1 = column.Quantiles[0.25];
        var median = column.Quantiles[0.5];
        var q3 = column.Quantiles[0.75];
        var min = column.Min ?? q1;
        var max = column.Max ?? q3;
        var iqr = q3 - q1;
        var low = Math.Max(min, q1 - 1.5 * iqr);
        var high = Math.Min(max, q3 + 1.5 * iqr);

        var whisker = plot.Add.Line(low, 0, high, 0);
        whisker.LineColor = Muted;
        whisker.LineWidth = 1.5f;
        foreach (var end in new[] { low, high })
        {
            var cap = plot.Add.Line(end, -0.2, end, 0.2);
            cap.LineColor = Muted;
            cap.LineWidth = 1.5f;
        }

        var box = plot.Add.Rectangle(q1, Math.Max(q3, q1 + 1e-12), -0.35, 0.35);
        box.FillColor = Primary.WithAlpha(0.25);
        box.LineColor = Primary;
        box.LineWidth = 1.5f;
        var middle = plot.Add.Line(median, -0.35, median, 0.35);
        middle.LineColor = Primary;
        middle.LineWidth = 3;
        if (column.Mean is { } mean)
        {
            var dot = plot.Add.Marker(mean, 0, MarkerShape.FilledDiamond, 9);
            dot.Color = Warning;
        }

        if (min < low || max > high)
        {
            var extremes = plot.Add.Markers(new[] { min, max }.Where(v => v < low || v > high).ToArray(), new[] { min, max }.Where(v => v < low || v > high).Select(_ => 0.0).ToArray(), MarkerShape.OpenCircle, 7, Danger);
            _ = extremes;
        }

        plot.Axes.Left.SetTicks([], []);
        plot.Axes.SetLimitsY(-0.8, 0.8);
        var span = Math.Max(high - low, 1e-12);
        if (max - min > 4 * span)
        {
            // Far extremes would squash the box to a line: show the fences' range and name the extremes at its edges.
            plot.Axes.SetLimitsX(low - 0.12 * span, high + 0.12 * span);
            if (max > high + 0.1 * span) EdgeNote(plot, $"max {Compact(max)} →", high + 0.11 * span, Alignment.LowerRight);
            if (min < low - 0.1 * span) EdgeNote(plot, $"← min {Compact(min)}", low - 0.11 * span, Alignment.LowerLeft);
        }
        else
        {
            plot.Axes.Margins(0.04, 0.04, 0, 0);
        }

        plot.XLabel(column.Name);
        return Png(plot, CardWidth, BoxHeight);
    }

    /// <summary>Sampled points of two columns, half transparent so dense regions show.</summary>
    public static byte[] Scatter(ScatterSample sample)
    {
        using var plot = NewPlot();
        var points = plot.Add.Markers(sample.Xs, sample.Ys, MarkerShape.FilledCircle, 4, Primary.WithAlpha(0.35));
        _ = points;
        plot.XLabel(sample.X);
        plot.YLabel(sample.Y);
        plot.Title($"r = {sample.Pearson.ToString("0.00", CultureInfo.InvariantCulture)}  ({sample.Xs.Length:N0} sampled rows)");
        return Png(plot, 460, 380);
    }

    private static void EdgeNote(Plot plot, string text, double x, Alignment alignment)
    {
        var note = plot.Add.Text(text, x, 0.45);
        note.LabelAlignment = alignment;
        note.LabelFontSize = 11;
        note.LabelFontColor = Danger;
    }

    private static string Compact(double value) =>
        Math.Abs(value) >= 1e5 || (Math.Abs(value) < 1e-3 && value != 0) ? value.ToString("0.##e+0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Grid;
        return plot;
    }

    private static byte[] Png(Plot plot, int width, int height)
    {
        plot.Axes.Color(Muted);
        plot.Axes.Title.Label.FontSize = 14;
        plot.Axes.Title.Label.ForeColor = Ink;
        plot.Axes.Title.Label.Bold = false;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = 12;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontSize = 11;
        }

        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Blue for −1, white for 0, red for +1.</summary>
    private static Color Diverging(double value)
    {
        var v = Math.Clamp(value, -1, 1);
        var end = v < 0 ? Color.FromHex("#2563eb") : Color.FromHex("#dc2626");
        var t = (float)Math.Abs(v);
        return Colors.White.MixedWith(end, t);
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
