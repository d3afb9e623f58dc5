using System.Globalization;
using System.Net;
using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Data.Reports;

/// <summary>Writes the report's HTML: sections in the order people look (overview, findings, columns, then relations).</summary>
internal static class ReportPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(ReportContent content)
    {
        var html = new StringBuilder(1 << 20);
        var profile = content.Profile;
        html.AppendLine("<!DOCTYPE html>");
        html.Append("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(content.Title)).AppendLine(" · Lepton data report</title>");
        html.Append("<style>").Append(ReportStyle.Css).AppendLine("</style></head><body>");
        html.Append("<header class=\"top\"><h1>").Append(E(content.Title)).Append("</h1><p>")
            .Append(E(content.Table.ReadSummary.FilePath)).Append(" · ")
            .Append(profile.RowCount.ToString("N0", Inv)).Append(" rows × ").Append(profile.Columns.Count).Append(" columns")
            .Append(profile.Target is { } t ? " · target " + E(t) : "")
            .Append(" · written ").Append(E(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv))).Append(" by Lepton</p></header>");
        html.AppendLine("""<nav><a href="#overview">Overview</a><a href="#findings">Findings</a><a href="#columns">Columns</a><a href="#missing">Missing values</a><a href="#correlations">Correlations</a><a href="#spread">Box plots</a><a href="#scatter">Scatter plots</a></nav>""");
        html.AppendLine("<main>");
        Overview(html, content);
        Findings(html, content.Findings, content.Profile.Columns.Count);
        Columns(html, content);
        Missing(html, content);
        Correlations(html, content);
        Gallery(html, "spread", "Box plots", "Box from the 25th to the 75th percentile, the median as a bar, the mean as a diamond; whiskers reach the last values within 1.5 × IQR, circles mark a minimum or maximum beyond them.", content.Boxes);
        Gallery(html, "scatter", "Scatter plots of the most correlated pairs", "Each drawn from a repeatable random sample of rows where both values are present.", content.Scatters);
        html.AppendLine("</main><footer>Lepton data report · one self-contained file: every chart is inside it, nothing is fetched.</footer>");
        html.Append("<script>").Append(ReportStyle.Script).AppendLine("</script></body></html>");
        return html.ToString();
    }

    private static void Overview(StringBuilder html, ReportContent content)
    {
        var profile = content.Profile;
        var summary = content.Table.ReadSummary;
        var cells = profile.RowCount * profile.Columns.Count;
        var missing = profile.Columns.Sum(c => c.Missing);
        html.AppendLine("<section id=\"overview\"><h2>Overview</h2><div class=\"tiles\">");
        Tile(html, "Rows", profile.RowCount.ToString("N0", Inv), $"{summary.RowsRead:N0} read, {summary.RowsSkipped:N0} skipped");
        Tile(html, "Columns", profile.Columns.Count.ToString(Inv), $"{profile.Columns.Count(c => c.Kind is ColumnKind.Integer or ColumnKind.Float)} numeric");
        Tile(html, "Missing cells", cells == 0 ? "0" : ((double)missing / cells).ToString("0.##%", Inv), $"{missing:N0} of {cells:N0}");
        Tile(html, "Duplicate rows", profile.DuplicateRows.ToString("N0", Inv), profile.RowCount == 0 ? "" : ((double)profile.DuplicateRows / profile.RowCount).ToString("0.##%", Inv) + " of rows");
        Tile(html, "Memory", content.MemoryBytes is { } bytes ? Size(bytes) : "—", "in the engine, compressed");
        Tile(html, "File", File.Exists(summary.FilePath) ? Size(new FileInfo(summary.FilePath).Length) : "—", summary.Format.ToString().ToUpperInvariant() + (summary.Delimiter is { } d ? $", {DelimiterName(d)}-separated" : ""));
        var bySeverity = content.Findings.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => g.Count());
        Tile(html, "Findings", content.Findings.Count.ToString(Inv),
            $"{bySeverity.GetValueOrDefault(FindingSeverity.Error)} errors, {bySeverity.GetValueOrDefault(FindingSeverity.Warning)} warnings, {bySeverity.GetValueOrDefault(FindingSeverity.Info)} info");
        html.AppendLine("</div><div class=\"chips\">");
        foreach (var kind in profile.Columns.GroupBy(c => c.Kind).OrderBy(g => g.Key))
            html.Append("<span class=\"chip\">").Append(kind.Count()).Append(' ').Append(kind.Key).Append("</span>");
        html.Append("</div>");
        html.Append("<p class=\"card\" id=\"read-summary\" style=\"margin-top:.9rem\"><b>Read:</b> ").Append(E(summary.ToString())).Append("</p>");
        if (summary.Problems.Count > 0)
        {
            html.Append("<div class=\"card\"><b>First rows that did not fit</b><ul>");
            foreach (var problem in summary.Problems.Take(5)) html.Append("<li>line ").Append(problem.Line).Append(": ").Append(E(problem.Reason)).Append("</li>");
            html.Append("</ul></div>");
        }

        html.AppendLine("</section>");
    }

    private static void Findings(StringBuilder html, IReadOnlyList<QualityFinding> findings, int allColumns)
    {
        html.Append("<section id=\"findings\"><h2>Quality findings <span class=\"count\">").Append(findings.Count).AppendLine("</span></h2>");
        if (findings.Count == 0)
        {
            html.AppendLine("<p class=\"empty\">Nothing to fix: no missing-value, constant, duplicate, outlier, type, cardinality, balance or leakage findings.</p></section>");
            return;
        }

        html.AppendLine("<div class=\"findings\">");
        foreach (var finding in findings)
        {
            html.Append("<div class=\"finding ").Append(finding.Severity).Append("\"><div class=\"sev\">").Append(finding.Severity).Append("</div><div><div class=\"what\">")
                .Append(E(Words(finding.Kind.ToString()))).Append("</div><div class=\"cols\">");
            if (finding.Columns.Count > 1 && finding.Columns.Count >= allColumns) html.Append("<code>all columns</code>");
            else foreach (var column in finding.Columns.Take(8)) html.Append("<code>").Append(E(column)).Append("</code>");
            if (finding.Columns.Count > 8 && finding.Columns.Count < allColumns) html.Append("<code>+").Append(finding.Columns.Count - 8).Append("</code>");
            html.Append("</div></div><div>").Append(E(finding.Message)).AppendLine("</div></div>");
        }

        html.AppendLine("</div></section>");
    }

    private static void Columns(StringBuilder html, ReportContent content)
    {
        html.Append("<section id=\"columns\"><h2>Columns <span class=\"count\">").Append(content.Profile.Columns.Count)
            .AppendLine("</span><input class=\"filter\" id=\"column-filter\" type=\"search\" placeholder=\"Filter columns\" aria-label=\"Filter columns\"></h2><div class=\"grid\">");
        foreach (var column in content.Profile.Columns)
        {
            var flags = content.Findings.Where(f => f.Columns.Contains(column.Name) && f.Columns.Count < content.Profile.Columns.Count).ToList();
            html.Append("<article class=\"card column-card\" data-name=\"").Append(E(column.Name)).Append("\"><header><h3>").Append(E(column.Name)).Append("</h3><span>");
            if (flags.Count > 0)
            {
                var worst = flags.Max(f => f.Severity);
                html.Append("<span class=\"flag ").Append(worst).Append("\" title=\"").Append(E(string.Join(" ", flags.Select(f => f.Message)))).Append("\">")
                    .Append(flags.Count).Append(flags.Count == 1 ? " finding" : " findings").Append("</span> ");
            }

            html.Append("<span class=\"kind ").Append(column.Kind).Append("\">").Append(column.Kind).Append("</span></span></header><div class=\"stats\">");
            foreach (var (label, value) in Stats(column)) html.Append("<div><span>").Append(label).Append("</span><b>").Append(E(value)).Append("</b></div>");
            html.Append("</div>");
            if (content.ColumnCharts.TryGetValue(column.Name, out var chart)) Figure(html, chart);
            else html.Append("<p class=\"empty\">").Append(column.Kind == ColumnKind.Identifier ? "An identifier: distinct in (nearly) every row, nothing to chart." : "No values to chart.").Append("</p>");
            html.AppendLine("</article>");
        }

        html.AppendLine("</div></section>");
    }

    private static IEnumerable<(string Label, string Value)> Stats(ColumnProfile c)
    {
        yield return ("missing", c.Missing == 0 ? "0" : $"{c.Missing.ToString("N0", Inv)} ({c.MissingShare.ToString("0.#%", Inv)})");
        yield return ("distinct", (c.DistinctIsEstimate ? "≈" : "") + c.Distinct.ToString("N0", Inv));
        if (c.Kind is ColumnKind.Integer or ColumnKind.Float)
        {
            yield return ("mean", Number(c.Mean));
            yield return ("std", Number(c.StandardDeviation));
            yield return ("min", Number(c.Min));
            yield return ("median", Number(c.Median));
            yield return ("max", Number(c.Max));
            yield return ("outliers", c.OutliersIqr.ToString("N0", Inv) + " IQR");
        }
        else if (c.Kind == ColumnKind.DateTime)
        {
            yield return ("earliest", c.Earliest?.ToString("yyyy-MM-dd", Inv) ?? "—");
            yield return ("latest", c.Latest?.ToString("yyyy-MM-dd", Inv) ?? "—");
        }
        else if (c.TopValues.Count > 0)
        {
            var top = c.TopValues[0];
            yield return ("most frequent", top.Value.Length > 24 ? top.Value[..23] + "…" : top.Value);
            yield return ("its count", top.Count.ToString("N0", Inv));
        }

        if (c.NumberLikeValues > 0) yield return ("number-like", c.NumberLikeValues.ToString("N0", Inv));
    }

    private static void Missing(StringBuilder html, ReportContent content)
    {
        html.Append("<section id=\"missing\"><h2>Missing values</h2>");
        if (content.Missing is null) html.Append("<p class=\"empty\">No columns.</p>");
        else
        {
            if (content.Profile.Columns.All(c => c.Missing == 0)) html.Append("<p>No value is missing in any column.</p>");
            html.Append("<div class=\"card\" style=\"display:inline-block\">");
            Figure(html, content.Missing);
            html.Append("</div>");
        }

        html.AppendLine("</section>");
    }

    private static void Correlations(StringBuilder html, ReportContent content)
    {
        html.Append("<section id=\"correlations\"><h2>Correlations</h2>");
        if (content.Heatmaps.Count == 0) html.Append("<p class=\"empty\">Fewer than two numeric (or categorical) columns: nothing to correlate.</p>");
        html.Append("<div class=\"grid\" style=\"grid-template-columns:repeat(auto-fill, minmax(560px, 1fr))\">");
        foreach (var chart in content.Heatmaps)
        {
            html.Append("<div class=\"card\">");
            Figure(html, chart);
            html.Append("</div>");
        }

        html.Append("</div>");
        var relations = content.Profile.TargetRelations;
        if (relations.Count > 0)
        {
            html.Append("<h2 style=\"margin-top:1.5rem\">Relation to the target <code>").Append(E(content.Profile.Target!)).Append("</code></h2><div class=\"card\" style=\"display:inline-block\"><table class=\"relations\"><tr><th>feature</th><th>measure</th><th>value</th><th></th></tr>");
            foreach (var r in relations.Take(20))
            {
                var strength = double.IsFinite(r.Value) ? Math.Min(1, Math.Abs(r.Value)) : 0;
                html.Append("<tr><td>").Append(E(r.First)).Append("</td><td>").Append(MethodName(r.Method)).Append("</td><td class=\"num\">").Append(Number(r.Value))
                    .Append("</td><td><span class=\"bar\" style=\"width:").Append((strength * 160).ToString("0", Inv)).Append("px\"></span></td></tr>");
            }

            html.Append("</table></div>");
        }

        html.AppendLine("</section>");
    }

    private static void Gallery(StringBuilder html, string id, string title, string note, IReadOnlyList<ReportChart> charts)
    {
        html.Append("<section id=\"").Append(id).Append("\"><h2>").Append(E(title)).Append(" <span class=\"count\">").Append(charts.Count).Append("</span></h2>");
        if (charts.Count == 0)
        {
            html.AppendLine("<p class=\"empty\">No numeric columns to draw.</p></section>");
            return;
        }

        html.Append("<p style=\"color:var(--muted);margin-top:-.4rem\">").Append(E(note)).Append("</p><div class=\"grid\">");
        foreach (var chart in charts)
        {
            html.Append("<div class=\"card\">");
            Figure(html, chart);
            html.Append("</div>");
        }

        html.AppendLine("</div></section>");
    }

    private static void Figure(StringBuilder html, ReportChart chart)
    {
        var id = "img-" + Path.GetFileNameWithoutExtension(chart.FileName);
        html.Append("<figure><img id=\"").Append(id).Append("\" class=\"chart\" width=\"").Append(chart.Width).Append("\" height=\"").Append(chart.Height)
            .Append("\" alt=\"").Append(E(chart.Title)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(chart.Png))
            .Append("\"><figcaption><span>").Append(E(chart.Title)).Append("</span><a class=\"png\" href=\"#\" download=\"").Append(E(chart.FileName))
            .Append("\" data-img=\"").Append(id).Append("\" title=\"Save this chart as a PNG file\">PNG ↓</a></figcaption></figure>");
    }

    private static void Tile(StringBuilder html, string label, string value, string sub) =>
        html.Append("<div class=\"tile\"><div class=\"label\">").Append(E(label)).Append("</div><div class=\"value\">").Append(E(value))
            .Append("</div><div class=\"sub\">").Append(E(sub)).AppendLine("</div></div>");

    private static string Number(double? value) => value switch
    {
        null => "—",
        double v when double.IsNaN(v) => "—",
        double v when Math.Abs(v) >= 1e6 || (Math.Abs(v) < 1e-3 && v != 0) => v.ToString("0.###e+0", Inv),
        double v => v.ToString("0.###", Inv),
    };

    private static string MethodName(CorrelationMethod method) => method switch
    {
        CorrelationMethod.CramersV => "Cramér's V",
        CorrelationMethod.CorrelationRatio => "correlation ratio η",
        CorrelationMethod.Spearman => "Spearman ρ",
        _ => "Pearson r",
    };

    private static string DelimiterName(char d) => d switch { ',' => "comma", ';' => "semicolon", '\t' => "tab", '|' => "pipe", ' ' => "space", _ => $"'{d}'" };

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", Inv) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", Inv) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0", Inv) + " KiB",
        _ => bytes.ToString(Inv) + " B",
    };

    /// <summary>"HighCardinality" → "High cardinality".</summary>
    private static string Words(string pascal)
    {
        var text = new StringBuilder();
        foreach (var ch in pascal)
        {
            if (char.IsUpper(ch) && text.Length > 0) text.Append(' ').Append(char.ToLowerInvariant(ch));
            else text.Append(ch);
        }

        return text.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
