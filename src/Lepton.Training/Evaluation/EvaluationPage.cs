using System.Globalization;
using System.Net;
using System.Text;

namespace Lepton.Training.Evaluation;

/// <summary>Writes the evaluation report's HTML: the headline figures, the per-class table, then every chart inline.</summary>
internal static class EvaluationPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string Css = """
        :root { --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --bg:#f5f6fa; --card:#fff; --primary:#4f46e5; }
        * { box-sizing: border-box; }
        body { margin:0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color:var(--ink); background:var(--bg); line-height:1.45; }
        header.top { background: linear-gradient(120deg, #312e81, #4f46e5 55%, #0d9488); color:#fff; padding:2rem 2.5rem 1.5rem; }
        header.top h1 { margin:0 0 .3rem; font-size:1.9rem; font-weight:650; }
        header.top p { margin:0; opacity:.85; font-size:.95rem; }
        main { padding:1.5rem 2.5rem 3rem; max-width:1500px; margin:0 auto; }
        section { margin-bottom:2.4rem; }
        h2 { font-size:1.3rem; margin:0 0 .9rem; }
        .tiles { display:grid; grid-template-columns:repeat(auto-fill, minmax(150px, 1fr)); gap:.9rem; }
        .tile, .card { background:var(--card); border-radius:12px; padding:1rem 1.1rem; box-shadow:0 1px 2px rgba(0,0,0,.05), 0 1px 8px rgba(0,0,0,.04); }
        .tile .value { font-size:1.55rem; font-weight:650; font-variant-numeric:tabular-nums; }
        .tile .label { color:var(--muted); font-size:.82rem; text-transform:uppercase; letter-spacing:.04em; }
        .tile .sub { color:var(--muted); font-size:.82rem; }
        .grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(480px, 1fr)); gap:1rem; }
        table.classes { border-collapse:collapse; font-size:.9rem; }
        table.classes td, table.classes th { padding:.3rem .8rem; border-bottom:1px solid var(--line); text-align:right; }
        table.classes td:first-child, table.classes th:first-child { text-align:left; }
        figure { margin:0; }
        figure img { width:100%; height:auto; display:block; border-radius:8px; }
        figcaption { display:flex; justify-content:space-between; color:var(--muted); font-size:.8rem; margin-top:.3rem; }
        a.png { color:var(--primary); text-decoration:none; font-weight:500; }
        nav.outputs { display:flex; gap:.6rem; margin-bottom:1.4rem; }
        nav.outputs a { background:var(--card); border-radius:999px; padding:.3rem .9rem; color:var(--primary); text-decoration:none; font-weight:500; box-shadow:0 1px 2px rgba(0,0,0,.05); }
        section.output { border-top:3px solid var(--primary); padding-top:1rem; }
        section.output h2 .task { color:var(--muted); font-size:.9rem; font-weight:400; margin-left:.5rem; }
        h3 { font-size:1.1rem; margin:0 0 .7rem; }
        footer { color:var(--muted); font-size:.8rem; text-align:center; padding:1rem; }
        """;

    // Download links take the PNG from the image itself, so each chart's bytes are in the page once.
    private const string Script = """
        document.querySelectorAll('a.png').forEach(function (a) {
          a.addEventListener('click', function () { a.href = document.getElementById(a.dataset.img).src; });
        });
        """;

    public static string Render(ModelEvaluation evaluation, string title, IReadOnlyList<EvaluationChart> charts)
    {
        var html = Start(title, $"{evaluation.Task} on {evaluation.Data} · {evaluation.Rows.ToString("N0", Inv)} rows{LeftOut(evaluation)}");
        Sections(html, evaluation, charts, "", 2);
        return End(html);
    }

    /// <summary>A multi-task model's page: a section per output, each with its figures and charts as a one-output page has them.</summary>
    public static string Render(MultiOutputEvaluation evaluation, string title, IReadOnlyList<IReadOnlyList<EvaluationChart>> charts)
    {
        var outputs = string.Join(", ", evaluation.Outputs.Select(o => $"{o.Output} ({o.Task})"));
        var html = Start(title, $"{evaluation.Outputs.Count} outputs on {evaluation.Data}: {outputs}");
        html.Append("<nav class=\"outputs\">");
        foreach (var o in evaluation.Outputs) html.Append("<a href=\"#output-").Append(E(o.Output!)).Append("\">").Append(E(o.Output!)).Append("</a>");
        html.AppendLine("</nav>");
        for (var i = 0; i < evaluation.Outputs.Count; i++)
        {
            var o = evaluation.Outputs[i];
            html.Append("<section class=\"output\" id=\"output-").Append(E(o.Output!)).Append("\" data-output=\"").Append(E(o.Output!)).Append("\"><h2>").Append(E(o.Output!))
                .Append(" <span class=\"task\">").Append(E(o.Task)).Append(" · ").Append(o.Rows.ToString("N0", Inv)).Append(" rows").Append(E(LeftOut(o))).AppendLine("</span></h2>");
            Sections(html, o, charts[i], o.Output + "-", 3);
            html.AppendLine("</section>");
        }
        return End(html);
    }

    private static StringBuilder Start(string title, string subtitle)
    {
        var html = new StringBuilder(1 << 18);
        html.AppendLine("<!DOCTYPE html>");
        html.Append("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(title)).AppendLine(" · Lepton evaluation</title>");
        html.Append("<style>").Append(Css).AppendLine("</style></head><body>");
        html.Append("<header class=\"top\"><h1>").Append(E(title)).Append("</h1><p>").Append(E(subtitle))
            .Append(" · written ").Append(E(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv))).AppendLine(" by Lepton</p></header><main>");
        return html;
    }

    private static string LeftOut(ModelEvaluation evaluation) =>
        (evaluation.RowsWithoutTarget > 0 ? $" ({evaluation.RowsWithoutTarget.ToString("N0", Inv)} without a target left out)" : "")
        + (evaluation.UnreadableImages > 0 ? $" ({evaluation.UnreadableImages.ToString("N0", Inv)} unreadable images left out)" : "");

    /// <summary>The metrics, per-class table and charts of one evaluation; <paramref name="idPrefix"/> keeps ids apart when a page has several.</summary>
    private static void Sections(StringBuilder html, ModelEvaluation evaluation, IReadOnlyList<EvaluationChart> charts, string idPrefix, int level)
    {
        var h = $"h{level}";
        html.Append("<section id=\"").Append(E(idPrefix)).Append("metrics\"><").Append(h).Append(">Metrics</").Append(h).AppendLine("><div class=\"tiles\">");
        foreach (var (key, value) in evaluation.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            html.Append("<div class=\"tile\" data-metric=\"").Append(E(key)).Append("\"><div class=\"label\">").Append(E(key)).Append("</div><div class=\"value\">")
                .Append(EvaluationCharts.Figure(value)).AppendLine("</div></div>");
        html.AppendLine("</div></section>");

        if (evaluation.Classification is { } c)
        {
            html.Append("<section id=\"").Append(E(idPrefix)).Append("classes\"><").Append(h).Append(">Per class</").Append(h)
                .AppendLine("><div class=\"card\" style=\"display:inline-block\"><table class=\"classes\"><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>");
            foreach (var k in c.Classes)
                html.Append("<tr><td>").Append(E(k.Name)).Append("</td><td>").Append(EvaluationCharts.Figure(k.Precision)).Append("</td><td>").Append(EvaluationCharts.Figure(k.Recall))
                    .Append("</td><td>").Append(EvaluationCharts.Figure(k.F1)).Append("</td><td>").Append(k.Support.ToString("N0", Inv)).AppendLine("</td></tr>");
            html.AppendLine("</table></div></section>");
        }

        html.Append("<section id=\"").Append(E(idPrefix)).Append("charts\"><").Append(h).Append(">Charts</").Append(h).AppendLine("><div class=\"grid\">");
        foreach (var chart in charts)
        {
            var id = "img-" + Path.GetFileNameWithoutExtension(chart.FileName);
            html.Append("<div class=\"card\"><figure><img id=\"").Append(E(id)).Append("\" width=\"").Append(chart.Width).Append("\" height=\"").Append(chart.Height)
                .Append("\" alt=\"").Append(E(chart.Title)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(chart.Png))
                .Append("\"><figcaption><span>").Append(E(chart.Title)).Append("</span><a class=\"png\" href=\"#\" download=\"").Append(E(chart.FileName))
                .Append("\" data-img=\"").Append(E(id)).AppendLine("\" title=\"Save this chart as a PNG file\">PNG ↓</a></figcaption></figure></div>");
        }
        html.AppendLine("</div></section>");
    }

    private static string End(StringBuilder html)
    {
        html.AppendLine("</main><footer>Lepton evaluation report · one self-contained file: every chart is inside it, nothing is fetched.</footer>");
        html.Append("<script>").Append(Script).AppendLine("</script></body></html>");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
