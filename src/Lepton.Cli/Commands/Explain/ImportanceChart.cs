using System.Globalization;
using Lepton.Training.Explanations;
using ScottPlot;

namespace Lepton.Cli.Commands.Explain;

/// <summary>Permutation importance as horizontal bars, most important on top, each with its standard deviation as an error bar.</summary>
internal static class ImportanceChart
{
    public const int Width = 760;

    public static byte[] RenderPng(PermutationImportanceResult result, string metric, string title)
    {
        var shown = result.Features.Take(30).ToList();
        using var plot = new Plot();
        var bars = shown.Select((f, i) => new Bar
        {
            Position = shown.Count - 1 - i,
            Value = f.Mean,
            Error = f.StandardDeviation,
            Size = 0.7,
            FillColor = f.Mean >= 0 ? Color.FromHex("#4f46e5") : Color.FromHex("#9ca3af"),
            LineWidth = 0,
            Label = f.Mean.ToString("0.###", CultureInfo.InvariantCulture),
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.SetTicks(shown.Select((_, i) => (double)(shown.Count - 1 - i)).ToArray(), shown.Select(f => f.Column.Length > 24 ? f.Column[..23] + "…" : f.Column).ToArray());
        plot.Axes.Margins(0.05, 0.15, 0.04, 0.04);
        plot.XLabel($"{metric} {(metric == "rmse" ? "rise" : "drop")} when the column is shuffled");
        plot.Title(title);
        var height = Math.Max(260, 90 + (26 * shown.Count));
        return plot.GetImageBytes(Width, height, ImageFormat.Png);
    }
}
