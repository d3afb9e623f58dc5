using Lepton.Tracking.Comparison;
using ScottPlot;
using SkiaSharp;

namespace Lepton.Cli.Commands;

/// <summary>Draws <see cref="MetricCurves"/> with ScottPlot: one chart per metric, one line per run, on the curves' own axis (epoch or step).</summary>
internal static class MetricCharts
{
    public const int Width = 800;
    public const int Height = 450;
    public const int MaxColumns = 2;

    /// <summary>One chart as PNG bytes; <paramref name="labels"/> names each run's line by its id.</summary>
    public static byte[] RenderPng(MetricCurves curves, IReadOnlyDictionary<string, string> labels)
    {
        using var plot = Plot(curves, labels);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Every chart in one PNG, in a grid <see cref="MaxColumns"/> wide.</summary>
    public static byte[] RenderPng(IReadOnlyList<MetricCurves> curves, IReadOnlyDictionary<string, string> labels)
    {
        if (curves.Count == 1) return RenderPng(curves[0], labels);
        var (width, height) = GridSize(curves.Count);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}x{height} image.");
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < curves.Count; i++)
        {
            using var chart = SKBitmap.Decode(RenderPng(curves[i], labels));
            surface.Canvas.DrawBitmap(chart, i % MaxColumns * Width, i / MaxColumns * Height);
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The size of the PNG <see cref="RenderPng(IReadOnlyList{MetricCurves}, IReadOnlyDictionary{string, string})"/> makes for <paramref name="charts"/> charts.</summary>
    public static (int Width, int Height) GridSize(int charts)
    {
        var columns = Math.Min(MaxColumns, charts);
        var rows = (charts + columns - 1) / columns;
        return (columns * Width, rows * Height);
    }

    private static Plot Plot(MetricCurves curves, IReadOnlyDictionary<string, string> labels)
    {
        var plot = new Plot();
        foreach (var series in curves.Series)
        {
            // The curves hold finite points only: NaN and infinities are kept in the store but cannot be drawn.
            var line = plot.Add.Scatter(series.Points.Select(p => (double)p.X).ToArray(), series.Points.Select(p => p.Value).ToArray());
            line.LegendText = labels.GetValueOrDefault(series.RunId, series.RunId);
            line.LineWidth = 2;
            line.MarkerSize = series.Points.Count <= 60 ? 5 : 0;
        }

        plot.Title(curves.Metric);
        plot.XLabel(curves.Axis == CurveAxis.Epoch ? "epoch" : "step");
        plot.YLabel(curves.Metric);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        // Curves of a metric that rises end high on the right; keep the legend out of their way.
        plot.ShowLegend(curves.Direction == MetricDirection.Maximize ? Alignment.LowerRight : Alignment.UpperRight);
        return plot;
    }
}
