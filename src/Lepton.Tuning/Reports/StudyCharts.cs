using Lepton.Tuning.Importance;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;
using ScottPlot;

namespace Lepton.Tuning.Reports;

/// <summary>The study report's charts, drawn with ScottPlot in the evaluation report's colours.</summary>
internal static class StudyCharts
{
    private const int Width = 560;
    private const int Height = 420;
    private static readonly Color Ink = Color.FromHex("#1f2937");
    private static readonly Color Muted = Color.FromHex("#6b7280");
    private static readonly Color Grid = Color.FromHex("#e5e7eb");
    private static readonly Color Primary = Color.FromHex("#4f46e5");
    private static readonly Color Accent = Color.FromHex("#0d9488");
    private static readonly Color Pruned = Color.FromHex("#ea580c");
    private static readonly Color Failed = Color.FromHex("#9ca3af");

    /// <summary>The complete trials with a finite value, in number order: the ones charts of values draw.</summary>
    public static List<TrialRecord> Complete(StudySnapshot study) =>
        study.InState(TrialState.Complete).Where(t => t.Value is { } v && double.IsFinite(v)).OrderBy(t => t.Number).ToList();

    /// <summary>Every chart the study has data for: history, learning curves, importance, parallel coordinates, a slice per parameter.</summary>
    public static IReadOnlyList<StudyChart> For(StudySnapshot study, IReadOnlyList<ParameterImportance> importances)
    {
        var charts = new List<StudyChart>();
        var complete = Complete(study);
        if (complete.Count > 0) charts.Add(History(study, complete));
        if (study.Trials.Any(t => t.Intermediate.Count > 0)) charts.Add(Intermediate(study));
        if (importances.Count > 0) charts.Add(Importance(importances));
        var drawn = study.Study.Space.Where(p => complete.Any(t => t.Parameters.ContainsKey(p.Name))).ToList();
        if (drawn.Count == 0) return charts;
        charts.Add(Parallel(study, complete, drawn));
        var files = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in drawn)
        {
            var file = $"slice-{FileSafe(p.Name)}.png";
            for (var i = 2; !files.Add(file); i++) file = $"slice-{FileSafe(p.Name)}-{i}.png";
            charts.Add(Slice(study, p, complete, file));
        }
        return charts;
    }

    private static StudyChart History(StudySnapshot study, List<TrialRecord> complete)
    {
        using var plot = NewPlot();
        var values = plot.Add.Markers(complete.Select(t => (double)t.Number).ToArray(), complete.Select(t => t.Value!.Value).ToArray(), MarkerShape.FilledCircle, 6, Primary.WithAlpha(0.6));
        values.LegendText = "objective value";
        var (xs, ys) = (new List<double>(), new List<double>());
        double? best = null;
        foreach (var t in complete)
        {
            var v = t.Value!.Value;
            if (best is { } b && !study.Better(v, b)) continue;
            if (best is { } before)
            {
                xs.Add(t.Number);
                ys.Add(before);
            }
            best = v;
            xs.Add(t.Number);
            ys.Add(v);
        }
        xs.Add(Math.Max(complete[^1].Number, xs[^1]));
        ys.Add(best!.Value);
        var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
        line.Color = Accent;
        line.LineWidth = 2;
        line.LegendText = "best so far";
        plot.XLabel("trial");
        plot.YLabel("objective value");
        plot.ShowLegend(study.Study.Direction == StudyDirection.Minimize ? Alignment.UpperRight : Alignment.LowerRight);
        return Chart("optimization-history.png", $"Optimization history ({Direction(study)}; {complete.Count} complete trials)", plot, Width, Height);
    }

    private static StudyChart Intermediate(StudySnapshot study)
    {
        using var plot = NewPlot();
        var named = new HashSet<TrialState>();
        // Complete trials first, so the pruned ones, drawn over them, stay visible.
        foreach (var t in study.Trials.Where(t => t.Intermediate.Count > 0).OrderBy(t => t.State == TrialState.Pruned).ThenBy(t => t.Number))
        {
            var steps = t.Intermediate.OrderBy(p => p.Key).ToList();
            var (xs, ys) = (steps.Select(p => (double)p.Key).ToArray(), steps.Select(p => p.Value).ToArray());
            var color = t.State switch
            {
                TrialState.Complete => Primary.WithAlpha(0.55),
                TrialState.Pruned => Pruned.WithAlpha(0.8),
                TrialState.Failed => Failed,
                _ => Muted,
            };
            var line = plot.Add.ScatterLine(xs, ys);
            line.Color = color;
            line.LineWidth = 1.5f;
            line.MarkerSize = xs.Length == 1 ? 5 : 0;
            if (t.State == TrialState.Running) line.LinePattern = LinePattern.Dashed;
            if (named.Add(t.State)) line.LegendText = t.State.ToString().ToLowerInvariant();
            if (t.State == TrialState.Pruned) plot.Add.Marker(xs[^1], ys[^1], MarkerShape.Eks, 9, Pruned);
        }
        plot.XLabel("step (epoch or boosting round)");
        plot.YLabel("reported value");
        plot.ShowLegend(Alignment.UpperRight);
        var pruned = study.Trials.Count(t => t.State == TrialState.Pruned);
        return Chart("intermediate-values.png", $"Intermediate values (learning curves; {pruned} pruned, each ending in ×)", plot, Width, Height);
    }

    private static StudyChart Importance(IReadOnlyList<ParameterImportance> importances)
    {
        using var plot = NewPlot();
        var n = importances.Count;
        var top = importances.Max(i => i.Importance);
        for (var i = 0; i < n; i++)
        {
            var y = n - 1 - i;
            var bar = plot.Add.Rectangle(0, importances[i].Importance, y + 0.18, y + 0.82);
            bar.FillColor = Primary;
            bar.LineWidth = 0;
            var label = plot.Add.Text(importances[i].Importance.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), importances[i].Importance + top * 0.01, y + 0.5);
            label.LabelAlignment = Alignment.MiddleLeft;
            label.LabelFontSize = 11;
            label.LabelFontColor = Ink;
        }
        plot.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(i => n - 1 - i + 0.5).ToArray(), importances.Select(i => Show.Cut(i.Parameter, 28)).ToArray());
        plot.Axes.SetLimits(0, Math.Max(top, 0.05) * 1.15, 0, n);
        plot.XLabel("share of the objective's variance (fANOVA)");
        return Chart("importance.png", "Parameter importance (fANOVA)", plot, Width, Math.Clamp(110 + 34 * n, 260, 900));
    }

    private static StudyChart Parallel(StudySnapshot study, List<TrialRecord> complete, List<SearchParameter> parameters)
    {
        using var plot = NewPlot();
        var values = complete.Select(t => t.Value!.Value).ToList();
        var (low, high) = (values.Min(), values.Max());
        var scale = new ValueScale(new ScottPlot.Colormaps.Viridis(), low, high);
        var axes = new List<Func<TrialRecord, double?>> { t => Fraction(t.Value!.Value, low, high) };
        axes.AddRange(parameters.Select(p => Axis(p, complete)));
        var names = new[] { "objective" }.Concat(parameters.Select(p => p.Name)).ToArray();

        for (var i = 0; i < names.Length; i++)
        {
            var axis = plot.Add.Line(i, 0, i, 1);
            axis.LineColor = Muted;
            axis.LineWidth = 1;
        }
        Label(plot, 0, Show.Number(low), Show.Number(high));
        for (var i = 0; i < parameters.Count; i++) LabelParameter(plot, i + 1, parameters[i], complete);

        // Worst first, so the best trials are drawn on top.
        var order = complete.OrderBy(t => t.Value!.Value).ToList();
        if (study.Study.Direction == StudyDirection.Minimize) order.Reverse();
        foreach (var t in order)
        {
            var color = scale.ColorOf(t.Value!.Value).WithAlpha(0.75);
            var points = axes.Select((a, i) => (X: (double)i, Y: a(t))).ToList();
            var run = new List<(double X, double Y)>();
            foreach (var p in points.Append((X: -1, Y: null)))
            {
                if (p.Y is { } y)
                {
                    run.Add((p.X, y));
                    continue;
                }
                // A parameter the trial does not have breaks its line.
                if (run.Count == 1) plot.Add.Marker(run[0].X, run[0].Y, MarkerShape.FilledCircle, 5, color);
                if (run.Count > 1)
                {
                    var line = plot.Add.ScatterLine(run.Select(r => r.X).ToArray(), run.Select(r => r.Y).ToArray());
                    line.Color = color;
                    line.LineWidth = 1.5f;
                    line.MarkerSize = 0;
                }
                run.Clear();
            }
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, names.Length).Select(i => (double)i).ToArray(), names.Select(n => Show.Cut(n, 18)).ToArray());
        if (names.Length > 5)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 30 + 6 * Math.Min(18, names.Max(n => n.Length));
        }
        plot.Axes.Left.SetTicks([], []);
        plot.HideGrid();
        plot.Axes.SetLimits(-0.35, names.Length - 0.45, -0.1, 1.1);
        AddColorBar(plot, scale, "objective value");
        return Chart("parallel-coordinates.png", $"Parallel coordinates ({complete.Count} complete trials; colour: objective value)", plot, Math.Clamp(220 + 130 * names.Length, 640, 1600), 460);
    }

    /// <summary>Where a trial sits on a parameter's axis, from 0 to 1 (null when it does not have the parameter).</summary>
    private static Func<TrialRecord, double?> Axis(SearchParameter p, List<TrialRecord> complete)
    {
        if (p.Distribution is CategoricalDistribution c)
            return t => t.Parameters.TryGetValue(p.Name, out var v) ? (c.Count == 1 ? 0.5 : v / (c.Count - 1)) : null;
        var seen = complete.Where(t => t.Parameters.ContainsKey(p.Name)).Select(t => Scaled(p, t.Parameters[p.Name])).ToList();
        var (low, high) = (seen.Min(), seen.Max());
        return t => t.Parameters.TryGetValue(p.Name, out var v) ? Fraction(Scaled(p, v), low, high) : null;
    }

    private static void LabelParameter(Plot plot, double x, SearchParameter p, List<TrialRecord> complete)
    {
        if (p.Distribution is CategoricalDistribution c)
        {
            var every = Math.Max(1, (int)Math.Ceiling(c.Count / 12.0));
            for (var k = 0; k < c.Count; k += every)
            {
                var text = plot.Add.Text(Show.Cut(Show.Value(p, k), 14), x + 0.04, c.Count == 1 ? 0.5 : (double)k / (c.Count - 1));
                text.LabelAlignment = Alignment.MiddleLeft;
                text.LabelFontSize = 10;
                text.LabelFontColor = Ink;
            }
            return;
        }
        var seen = complete.Where(t => t.Parameters.ContainsKey(p.Name)).Select(t => t.Parameters[p.Name]).ToList();
        Label(plot, x, Show.Number(seen.Min()), Show.Number(seen.Max()));
    }

    private static void Label(Plot plot, double x, string low, string high)
    {
        var bottom = plot.Add.Text(low, x, -0.02);
        bottom.LabelAlignment = Alignment.UpperCenter;
        var top = plot.Add.Text(high, x, 1.02);
        top.LabelAlignment = Alignment.LowerCenter;
        foreach (var t in new[] { bottom, top })
        {
            t.LabelFontSize = 10;
            t.LabelFontColor = Ink;
        }
    }

    private static StudyChart Slice(StudySnapshot study, SearchParameter p, List<TrialRecord> complete, string file)
    {
        using var plot = NewPlot();
        var scale = new ValueScale(new ScottPlot.Colormaps.Viridis(), 0, Math.Max(1, study.Trials.Count == 0 ? 1 : study.Trials.Max(t => t.Number)));
        var log = p.Distribution is FloatDistribution { Log: true } or IntDistribution { Log: true };
        var trials = complete.Where(t => t.Parameters.ContainsKey(p.Name)).ToList();
        foreach (var t in trials)
        {
            var v = t.Parameters[p.Name];
            // Choices spread a little sideways (the same way every time) so equal values do not hide each other.
            var x = p.Distribution is CategoricalDistribution ? v + ((t.Number * 0.618034) % 1 - 0.5) * 0.3 : log ? Math.Log10(v) : v;
            plot.Add.Marker(x, t.Value!.Value, MarkerShape.FilledCircle, 7, scale.ColorOf(t.Number).WithAlpha(0.85));
        }

        if (p.Distribution is CategoricalDistribution c)
        {
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, c.Count).Select(k => (double)k).ToArray(), Enumerable.Range(0, c.Count).Select(k => Show.Cut(Show.Value(p, k), 14)).ToArray());
            plot.Axes.SetLimitsX(-0.5, c.Count - 0.5);
        }
        else if (log)
        {
            var decades = trials.Count == 0 ? 0 : trials.Max(t => Math.Log10(t.Parameters[p.Name])) - trials.Min(t => Math.Log10(t.Parameters[p.Name]));
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = decades >= 1.5,
                LabelFormatter = x => Show.Number(Math.Pow(10, x)),
            };
        }
        plot.XLabel(p.Name + (log ? " (log scale)" : ""));
        plot.YLabel("objective value");
        AddColorBar(plot, scale, "trial");
        var where = p.Condition is { } w ? $", when {w.Parameter} is {string.Join(" or ", w.Values.Select(Show.Node))}" : "";
        return Chart(file, $"Slice: objective value against {p.Name} ({trials.Count} trials{where})", plot, Width, Height);
    }

    private static void AddColorBar(Plot plot, ValueScale scale, string label)
    {
        var bar = new ScottPlot.Panels.ColorBar(scale, Edge.Right) { Label = label };
        bar.LabelStyle.FontSize = 12;
        bar.LabelStyle.Bold = false;
        bar.LabelStyle.ForeColor = Muted;
        plot.Axes.AddPanel(bar);
    }

    private static double Scaled(SearchParameter p, double v) => p.Distribution is FloatDistribution { Log: true } or IntDistribution { Log: true } ? Math.Log(Math.Max(v, double.Epsilon)) : v;

    private static double Fraction(double v, double low, double high) => high > low ? (v - low) / (high - low) : 0.5;

    private static string Direction(StudySnapshot study) => study.Study.Direction == StudyDirection.Minimize ? "lower is better" : "higher is better";

    // A parameter is a dotted path: anything but letters, digits, '-', '_' and '.' becomes '_' in a file name.
    private static string FileSafe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Grid;
        return plot;
    }

    private static StudyChart Chart(string file, string title, Plot plot, int width, int height)
    {
        plot.Axes.Color(Muted);
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = 12;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontSize = 11;
        }

        return new StudyChart(file, title, plot.GetImageBytes(width, height, ImageFormat.Png), width, height);
    }
}
