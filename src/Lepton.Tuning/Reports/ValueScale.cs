using ScottPlot;

namespace Lepton.Tuning.Reports;

/// <summary>A colour scale from <paramref name="min"/> to <paramref name="max"/>, for a chart's colour bar.</summary>
internal sealed class ValueScale(IColormap colormap, double min, double max) : IHasColorAxis
{
    public IColormap Colormap { get; } = colormap;

    public ScottPlot.Range GetRange() => new(min, max);

    /// <summary>The colour of <paramref name="value"/>.</summary>
    public Color ColorOf(double value) => Colormap.GetColor(max > min ? Math.Clamp((value - min) / (max - min), 0, 1) : 0.5);
}
