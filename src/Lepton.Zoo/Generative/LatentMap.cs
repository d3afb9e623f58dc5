using ScottPlot;

namespace Lepton.Zoo.Generative;

/// <summary>The 2-D latent map: each test image's code (its first two dimensions), coloured by class.</summary>
internal static class LatentMap
{
    public static string Save(float[] x, float[] y, long[] labels, IReadOnlyList<string> classNames, string title, string path)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var palette = new ScottPlot.Palettes.Category10();
        for (var c = 0; c < classNames.Count; c++)
        {
            var xs = x.Where((_, i) => labels[i] == c).Select(v => (double)v).ToArray();
            var ys = y.Where((_, i) => labels[i] == c).Select(v => (double)v).ToArray();
            if (xs.Length == 0) continue;
            var points = plot.Add.ScatterPoints(xs, ys);
            points.Color = palette.GetColor(c).WithAlpha(0.6);
            points.MarkerSize = 3;
            points.LegendText = classNames[c];
        }
        plot.Title(title);
        plot.XLabel("z₁");
        plot.YLabel("z₂");
        plot.ShowLegend(Alignment.UpperRight);
        // Written beside and renamed, so a reader never sees half a picture.
        var temp = path + ".tmp";
        plot.SavePng(temp, 900, 700);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
