using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Data.Reports;

/// <summary>Gathers what the page shows: engine queries first (samples, date histograms), then every chart drawn in parallel.</summary>
internal static class ReportBuilder
{
    private const int HistogramBins = 30;

    public static ReportContent Build(Table table, TableProfile profile, IReadOnlyList<QualityFinding> findings, DataReportOptions options, CancellationToken ct)
    {
        var jobs = new List<(string Key, Func<ReportChart> Draw)>();
        var index = 0;
        foreach (var column in profile.Columns)
        {
            var number = ++index;
            var file = $"column-{number:00}-{Slug(column.Name)}.png";
            if (column.Histogram.Count > 0)
            {
                jobs.Add(("column:" + column.Name, () => new ReportChart(file, $"Histogram of {column.Name}",
                    ReportCharts.Histogram(column.Histogram, column.Name, dates: false), ReportCharts.CardWidth, ReportCharts.CardHeight)));
            }
            else if (column.Kind == ColumnKind.DateTime)
            {
                var bins = table.DateHistogram(column.Name, HistogramBins, ct);
                if (bins.Count > 0)
                {
                    jobs.Add(("column:" + column.Name, () => new ReportChart(file, $"Histogram of {column.Name}",
                        ReportCharts.Histogram(bins, column.Name, dates: true), ReportCharts.CardWidth, ReportCharts.CardHeight)));
                }
            }
            else if (column.TopValues.Count > 0 && column.Kind != ColumnKind.Identifier)
            {
                jobs.Add(("column:" + column.Name, () => new ReportChart(file, $"Most frequent values of {column.Name}",
                    ReportCharts.TopValues(column.TopValues, column.Count + column.Missing), ReportCharts.CardWidth, ReportCharts.CardHeight)));
            }

            if (column.Quantiles.ContainsKey(0.25) && column.Quantiles.ContainsKey(0.75) && column.Kind is ColumnKind.Integer or ColumnKind.Float)
            {
                jobs.Add(("box:" + column.Name, () => new ReportChart($"box-{number:00}-{Slug(column.Name)}.png", $"Box plot of {column.Name}",
                    ReportCharts.Box(column), ReportCharts.CardWidth, ReportCharts.BoxHeight)));
            }
        }

        if (profile.Columns.Count > 0)
        {
            jobs.Add(("missing", () =>
            {
                var (png, width, height) = ReportCharts.Missing(profile.Columns);
                return new ReportChart("missing-values.png", "Missing values per column", png, width, height);
            }
            ));
        }

        AddHeatmap(jobs, profile, CorrelationMethod.Pearson, "heatmap-pearson.png", "Pearson correlation (numeric columns)", options.MaxHeatmapColumns);
        AddHeatmap(jobs, profile, CorrelationMethod.CramersV, "heatmap-cramers-v.png", "Cramér's V (categorical columns)", options.MaxHeatmapColumns);

        var pairs = profile.Correlations
            .Where(c => c.Method == CorrelationMethod.Pearson && double.IsFinite(c.Value))
            .OrderByDescending(c => Math.Abs(c.Value)).ThenBy(c => c.First, StringComparer.Ordinal).ThenBy(c => c.Second, StringComparer.Ordinal)
            .Take(options.ScatterPairs).ToList();
        var scatterIndex = 0;
        foreach (var pair in pairs)
        {
            var drawnRows = table.SampleDoubles([pair.First, pair.Second], options.ScatterSampleRows, cancellationToken: ct);
            var sample = new ScatterSample(pair.First, pair.Second, pair.Value, drawnRows[0], drawnRows[1]);
            var scatter = ++scatterIndex;
            jobs.Add(("scatter:" + scatter.ToString(CultureInfo.InvariantCulture), () => new ReportChart($"scatter-{scatter}-{Slug(pair.First)}-{Slug(pair.Second)}.png",
                $"{pair.Second} against {pair.First}", ReportCharts.Scatter(sample), 460, 380)));
        }

        var memory = table.MemoryBytes(ct);
        var drawn = new ConcurrentDictionary<string, ReportChart>();
        Parallel.ForEach(jobs, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
            job => drawn[job.Key] = job.Draw());

        return new ReportContent
        {
            Title = options.Title!,
            Table = table,
            Profile = profile,
            Findings = findings,
            MemoryBytes = memory,
            ColumnCharts = profile.Columns.Where(c => drawn.ContainsKey("column:" + c.Name)).ToDictionary(c => c.Name, c => drawn["column:" + c.Name]),
            Missing = drawn.GetValueOrDefault("missing"),
            Heatmaps = jobs.Where(j => j.Key.StartsWith("heatmap:", StringComparison.Ordinal)).Select(j => drawn[j.Key]).ToList(),
            Boxes = jobs.Where(j => j.Key.StartsWith("box:", StringComparison.Ordinal)).Select(j => drawn[j.Key]).ToList(),
            Scatters = jobs.Where(j => j.Key.StartsWith("scatter:", StringComparison.Ordinal)).Select(j => drawn[j.Key]).ToList(),
        };
    }

    private static void AddHeatmap(List<(string Key, Func<ReportChart> Draw)> jobs, TableProfile profile, CorrelationMethod method, string file, string title, int maxColumns)
    {
        var relations = profile.Correlations.Where(c => c.Method == method).ToList();
        if (relations.Count == 0) return;
        // With many columns, keep those in the strongest relations so the grid stays readable.
        var names = relations
            .SelectMany(c => new[] { (c.First, Strength: Math.Abs(c.Value)), (c.Second, Strength: Math.Abs(c.Value)) })
            .Where(x => double.IsFinite(x.Strength))
            .GroupBy(x => x.Item1, StringComparer.Ordinal)
            .OrderByDescending(g => g.Max(x => x.Strength)).Take(maxColumns).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var ordered = profile.Columns.Select(c => c.Name).Where(names.Contains).ToList();
        if (ordered.Count < 2) return;
        jobs.Add(("heatmap:" + method, () =>
        {
            var (png, width, height) = ReportCharts.Heatmap(ordered, (a, b) => profile.CorrelationOf(a, b, method), title);
            return new ReportChart(file, title, png, width, height);
        }
        ));
    }

    /// <summary>A file-name-safe form of a column name.</summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var ch in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch)) slug.Append(ch);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
            if (slug.Length >= 40) break;
        }

        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "column" : text;
    }
}
