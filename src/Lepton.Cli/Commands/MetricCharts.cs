using Lepton.Tracking;
using ScottPlot;
using SkiaSharp;

namespace Lepton.Cli.Commands;

/// <summary>Draws metric curves with ScottPlot: one chart per metric, one line per run, x = epoch when every point has one, else step.</summary>
internal static class MetricCharts
{
    public const int Width = 800;
    public const int Height = 450;
    public const int MaxColumns = 2;

    /// <summary>One chart as PNG bytes.</summary>
    public static byte[] RenderPng(MetricCurves curves)
    {
        using var plot = Plot(curves);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Every chart in one PNG, in a grid <see cref="MaxColumns"/> wide.</summary>
    public static byte[] RenderPng(IReadOnlyList<MetricCurves> curves)
    {
        if (curves.Count == 1) return RenderPng(curves[0]);
        var (width, height) = GridSize(curves.Count);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}x{height} image.");
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < curves.Count; i++)
        {
            using var chart = SKBitmap.Decode(RenderPng(curves[i]));
            surface.Canvas.DrawBitmap(chart, i % MaxColumns * Width, i / MaxColumns * Height);
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The size of the PNG <see cref="RenderPng(IReadOnlyList{MetricCurves})"/> makes for <paramref name="charts"/> charts.</summary>
    public static (int Width, int Height) GridSize(int charts)
    {
        var columns = Math.Min(MaxColumns, charts);
        var rows = (charts + columns - 1) / columns;
        return (columns * Width, rows * Height);
    }

    private static Plot Plot(MetricCurves curves)
    {
        var plot = new Plot();
        var byEpoch = curves.Series.All(s => HasEpochs(s.Points));
        foreach (var series in curves.Series)
        {
            // NaN and infinities are kept in the store but cannot be drawn; the curve skips them.
            var points = series.Points.Where(p => double.IsFinite(p.Value)).ToList();
            var xs = points.Select(p => byEpoch ? (double)p.Epoch!.Value : p.Step).ToArray();
            var ys = points.Select(p => p.Value).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = series.Label;
            line.LineWidth = 2;
            line.MarkerSize = points.Count <= 60 ? 5 : 0;
        }

        plot.Title(curves.Metric);
        plot.XLabel(byEpoch ? "epoch" : "step");
        plot.YLabel(curves.Metric);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        // Curves of a metric that rises end high on the right; keep the legend out of their way.
        plot.ShowLegend(TrackingFormat.IsHigherBetter(curves.Metric) ? Alignment.LowerRight : Alignment.UpperRight);
        return plot;
    }

    /// <summary>Whether every point has an epoch and the epochs increase (one value per epoch).</summary>
    private static bool HasEpochs(IReadOnlyList<MetricPoint> points)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Epoch is not { } epoch) return false;
            if (i > 0 && epoch <= points[i - 1].Epoch) return false;
        }

        return points.Count > 0;
    }
}
