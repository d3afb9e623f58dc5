using System.Globalization;
using System.Net;
using System.Text;
using Lepton.Tracking.Comparison;

namespace Lepton.Cli.Commands;

/// <summary>
/// The HTML file of <c>lepton runs compare --plot FILE.html</c>: the comparison table and every chart as a PNG data
/// URI, styles inline, so the one file opens offline and can be mailed or attached as it is.
/// </summary>
internal static class CompareReport
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
        table { border-collapse: collapse; margin-bottom: 2rem; }
        th, td { border: 1px solid #ccc; padding: 0.3rem 0.7rem; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.section th { background: #f3f3f3; }
        .differs { background: #fff6d5; }
        .best { color: #0a7d2c; font-weight: bold; }
        figure { display: inline-block; margin: 0 1rem 1rem 0; }
        figcaption { text-align: center; color: #555; }
        code { font-size: 0.9em; }
        """;

    public static byte[] Render(RunComparison comparison, IReadOnlyDictionary<string, string> shortIds, IReadOnlyList<MetricCurves> curves, IReadOnlyDictionary<string, string> labels)
    {
        var runs = comparison.Runs;
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lepton: run comparison</title>");
        html.Append("<style>").Append(Style).AppendLine("</style></head><body>");
        html.AppendLine("<h1>Run comparison</h1>");
        html.Append("<p>").Append(runs.Count).Append(" runs, written ").Append(Encode(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .AppendLine(" by <code>lepton runs compare</code>. Highlighted parameters differ between runs; green metrics are the best final value.</p>");

        html.Append("<table><tr><th></th>");
        foreach (var run in runs) html.Append("<th title=\"").Append(Encode(run.Info.RunId)).Append("\"><code>").Append(Encode(shortIds[run.Info.RunId])).Append("</code></th>");
        html.AppendLine("</tr>");
        Row(html, "name", runs.Select(r => r.Info.Name));
        Row(html, "experiment", comparison.Experiments);
        Row(html, "status", runs.Select(r => r.Info.Status.ToString().ToLowerInvariant()));
        Row(html, "duration", runs.Select(r => TrackingFormat.Duration(r.Info.StartTime, r.Info.EndTime)));
        if (comparison.Parameters.Count > 0) Section(html, "params", runs.Count);
        foreach (var row in comparison.Parameters) Row(html, row.Key, row.Values.Select(v => v ?? "—"), row.Differs ? "differs" : null);

        if (comparison.Metrics.Count > 0) Section(html, "metrics (final)", runs.Count);
        foreach (var row in comparison.Metrics)
        {
            html.Append("<tr><th>").Append(Encode(row.Key)).Append("</th>");
            for (var i = 0; i < row.Values.Count; i++)
            {
                html.Append(row.IsBest(i) ? "<td class=\"num best\">" : "<td class=\"num\">")
                    .Append(row.Values[i] is { } v ? Encode(TrackingFormat.Metric(v)) : "—").Append("</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</table>");
        html.AppendLine("<h2>Metric curves</h2>");
        foreach (var chart in curves)
        {
            html.Append("<figure><img width=\"").Append(MetricCharts.Width).Append("\" height=\"").Append(MetricCharts.Height)
                .Append("\" alt=\"").Append(Encode(chart.Metric)).Append(" per epoch or step for each run\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(MetricCharts.RenderPng(chart, labels)))
                .Append("\"><figcaption>").Append(Encode(chart.Metric)).AppendLine("</figcaption></figure>");
        }

        html.AppendLine("</body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static void Row(StringBuilder html, string label, IEnumerable<string> values, string? cssClass = null)
    {
        html.Append(cssClass is null ? "<tr>" : $"<tr class=\"{cssClass}\">").Append("<th>").Append(Encode(label)).Append("</th>");
        foreach (var value in values) html.Append("<td>").Append(Encode(value)).Append("</td>");
        html.AppendLine("</tr>");
    }

    private static void Section(StringBuilder html, string title, int runs) =>
        html.Append("<tr class=\"section\"><th colspan=\"").Append(runs + 1).Append("\">").Append(Encode(title)).AppendLine("</th></tr>");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
