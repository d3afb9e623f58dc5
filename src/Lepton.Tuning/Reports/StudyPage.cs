using System.Globalization;
using System.Net;
using System.Text;
using Lepton.Tuning.Importance;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Reports;

/// <summary>Writes the study report's HTML: the summary, the best parameters, every chart inline, the importances and the trials table.</summary>
internal static class StudyPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // The evaluation report's look, so the two pages read as one family.
    private const string Css = """
        :root { --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --bg:#f5f6fa; --card:#fff; --primary:#4f46e5; --pruned:#ea580c; --failed:#9ca3af; }
        * { box-sizing: border-box; }
        body { margin:0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color:var(--ink); background:var(--bg); line-height:1.45; }
        header.top { background: linear-gradient(120deg, #312e81, #4f46e5 55%, #0d9488); color:#fff; padding:2rem 2.5rem 1.5rem; }
        header.top h1 { margin:0 0 .3rem; font-size:1.9rem; font-weight:650; }
        header.top p { margin:0; opacity:.85; font-size:.95rem; }
        main { padding:1.5rem 2.5rem 3rem; max-width:1500px; margin:0 auto; }
        section { margin-bottom:2.4rem; }
        h2 { font-size:1.3rem; margin:0 0 .9rem; }
        h3 { font-size:1rem; margin:1rem 0 .5rem; }
        .tiles { display:grid; grid-template-columns:repeat(auto-fill, minmax(150px, 1fr)); gap:.9rem; }
        .tile, .card { background:var(--card); border-radius:12px; padding:1rem 1.1rem; box-shadow:0 1px 2px rgba(0,0,0,.05), 0 1px 8px rgba(0,0,0,.04); }
        .tile .value { font-size:1.55rem; font-weight:650; font-variant-numeric:tabular-nums; }
        .tile .label { color:var(--muted); font-size:.82rem; text-transform:uppercase; letter-spacing:.04em; }
        .tile .sub { color:var(--muted); font-size:.82rem; }
        .notice { background:#fff7ed; border-left:4px solid var(--pruned); border-radius:8px; padding:.8rem 1rem; }
        .grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(480px, 1fr)); gap:1rem; }
        .grid .wide { grid-column:1 / -1; }
        .grid .wide figure img { width:auto; max-width:100%; }
        .scroll { overflow-x:auto; }
        table { border-collapse:collapse; font-size:.88rem; }
        td, th { padding:.3rem .7rem; border-bottom:1px solid var(--line); text-align:right; white-space:nowrap; font-variant-numeric:tabular-nums; }
        td.text, th.text { text-align:left; }
        th { position:sticky; top:0; background:var(--card); }
        tr.best td { background:#eef2ff; font-weight:600; }
        td.state-pruned { color:var(--pruned); }
        td.state-failed, td.absent { color:var(--failed); }
        td.note { color:var(--muted); white-space:normal; text-align:left; max-width:32rem; }
        .share { display:inline-block; height:.7rem; background:var(--primary); border-radius:3px; vertical-align:middle; margin-right:.4rem; }
        figure { margin:0; }
        figure img { width:100%; height:auto; display:block; border-radius:8px; }
        figcaption { display:flex; justify-content:space-between; color:var(--muted); font-size:.8rem; margin-top:.3rem; }
        a.png { color:var(--primary); text-decoration:none; font-weight:500; }
        p.about { color:var(--muted); font-size:.85rem; max-width:60rem; }
        footer { color:var(--muted); font-size:.8rem; text-align:center; padding:1rem; }
        """;

    // Download links take the PNG from the image itself, so each chart's bytes are in the page once.
    private const string Script = """
        document.querySelectorAll('a.png').forEach(function (a) {
          a.addEventListener('click', function () { a.href = document.getElementById(a.dataset.img).src; });
        });
        """;

    public static string Render(StudySnapshot study, IReadOnlyList<ParameterImportance> importances, IReadOnlyList<(string Title, IReadOnlyList<ParameterImportance> Importances)> conditional, IReadOnlyList<StudyChart> charts)
    {
        var info = study.Study;
        var html = new StringBuilder(1 << 18);
        html.AppendLine("<!DOCTYPE html>");
        html.Append("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(info.Name)).AppendLine(" · Lepton study</title>");
        html.Append("<style>").Append(Css).AppendLine("</style></head><body>");
        html.Append("<header class=\"top\"><h1>").Append(E(info.Name)).Append("</h1><p>Study · ").Append(info.Direction == StudyDirection.Minimize ? "minimize" : "maximize")
            .Append(" the objective · ").Append(Count(study.Trials.Count, "trial")).Append(" · ").Append(Count(info.Space.Count, "parameter"))
            .Append(" · written ").Append(E(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv))).AppendLine(" by Lepton</p></header><main>");
        Summary(html, study);
        Charts(html, charts);
        Importances(html, importances, conditional);
        Trials(html, study);
        html.AppendLine("</main><footer>Lepton study report · one self-contained file: every chart is inside it, nothing is fetched.</footer>");
        html.Append("<script>").Append(Script).AppendLine("</script></body></html>");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, StudySnapshot study)
    {
        html.AppendLine("<section id=\"summary\"><h2>Summary</h2><div class=\"tiles\">");
        Tile(html, "trials", "trials", study.Trials.Count.ToString("N0", Inv), null);
        foreach (var state in new[] { TrialState.Complete, TrialState.Pruned, TrialState.Failed, TrialState.Running })
        {
            var n = study.Trials.Count(t => t.State == state);
            if (n > 0 || state != TrialState.Running) Tile(html, state.ToString().ToLowerInvariant(), state.ToString().ToLowerInvariant(), n.ToString("N0", Inv), null);
        }
        var best = study.Best;
        if (best is not null) Tile(html, "best", "best value", Show.Number(best.Value!.Value), $"trial {best.Number} · {(study.Study.Direction == StudyDirection.Minimize ? "lowest" : "highest")}");
        html.AppendLine("</div>");

        if (best is null)
        {
            html.Append("<p class=\"notice\" id=\"no-complete\">No trial has completed yet, so the study has no best value, and no history, importance, parallel-coordinate or slice chart")
                .Append(study.Trials.Count == 0 ? " (it has no trials at all)." : $" ({Count(study.Trials.Count, "trial")}: {States(study)}).").AppendLine("</p></section>");
            return;
        }

        html.AppendLine("<h3>Best trial's parameters</h3><div class=\"card\" style=\"display:inline-block\"><table id=\"best-parameters\"><tr><th class=\"text\">parameter</th><th class=\"text\">value</th></tr>");
        foreach (var p in study.Study.Space.Where(p => best.Parameters.ContainsKey(p.Name)))
            html.Append("<tr data-parameter=\"").Append(E(p.Name)).Append("\"><td class=\"text\">").Append(E(p.Name)).Append("</td><td class=\"text\">")
                .Append(E(Show.Value(p, best.Parameters[p.Name]))).AppendLine("</td></tr>");
        html.AppendLine("</table></div></section>");
    }

    private static void Charts(StringBuilder html, IReadOnlyList<StudyChart> charts)
    {
        if (charts.Count == 0) return;
        html.AppendLine("<section id=\"charts\"><h2>Charts</h2><div class=\"grid\">");
        foreach (var chart in charts)
        {
            var id = "img-" + Path.GetFileNameWithoutExtension(chart.FileName);
            html.Append("<div class=\"card").Append(chart.Width > 700 ? " wide" : "").Append("\" data-chart=\"").Append(E(Path.GetFileNameWithoutExtension(chart.FileName)))
                .Append("\"><figure><img id=\"").Append(E(id)).Append("\" width=\"").Append(chart.Width).Append("\" height=\"").Append(chart.Height)
                .Append("\" alt=\"").Append(E(chart.Title)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(chart.Png))
                .Append("\"><figcaption><span>").Append(E(chart.Title)).Append("</span><a class=\"png\" href=\"#\" download=\"").Append(E(chart.FileName))
                .Append("\" data-img=\"").Append(E(id)).AppendLine("\" title=\"Save this chart as a PNG file\">PNG ↓</a></figcaption></figure></div>");
        }
        html.AppendLine("</div></section>");
    }

    private static void Importances(StringBuilder html, IReadOnlyList<ParameterImportance> importances, IReadOnlyList<(string Title, IReadOnlyList<ParameterImportance> Importances)> conditional)
    {
        html.AppendLine("<section id=\"importance\"><h2>Parameter importance</h2>");
        html.AppendLine("<p class=\"about\">fANOVA (Hutter et al. 2014), as Optuna: a random forest of 64 trees learns the objective from the parameters of the complete trials; a parameter's importance is the variance of the forest's prediction as that parameter alone varies, as a share of the total. Log-scaled parameters are measured in log space; a parameter that exists only for some values of another is ranked separately, on the trials where it exists.</p>");
        if (importances.Count == 0)
            html.AppendLine("<p class=\"notice\" id=\"no-importance\">Importance needs at least two complete trials that have the parameters and whose values differ.</p>");
        else
            Table(html, "importance-table", importances);
        foreach (var (title, group) in conditional)
        {
            html.Append("<h3>").Append(E(title)).AppendLine("</h3>");
            if (group.Count == 0) html.AppendLine("<p class=\"about\">Not enough complete trials to rank these.</p>");
            else Table(html, null, group);
        }
        html.AppendLine("</section>");
    }

    private static void Table(StringBuilder html, string? id, IReadOnlyList<ParameterImportance> importances)
    {
        html.Append("<div class=\"card\" style=\"display:inline-block\"><table").Append(id is null ? "" : $" id=\"{id}\"").AppendLine("><tr><th class=\"text\">parameter</th><th class=\"text\">importance</th></tr>");
        foreach (var i in importances)
            html.Append("<tr data-parameter=\"").Append(E(i.Parameter)).Append("\"><td class=\"text\">").Append(E(i.Parameter)).Append("</td><td class=\"text\"><span class=\"share\" style=\"width:")
                .Append((i.Importance * 12).ToString("0.00", Inv)).Append("rem\"></span>").Append(i.Importance.ToString("0.000", Inv)).AppendLine("</td></tr>");
        html.AppendLine("</table></div>");
    }

    private static void Trials(StringBuilder html, StudySnapshot study)
    {
        var space = study.Study.Space;
        var best = study.Best;
        html.AppendLine("<section id=\"trials\"><h2>Trials</h2><div class=\"card scroll\"><table id=\"trials-table\"><tr><th>trial</th><th class=\"text\">state</th><th>value</th>");
        foreach (var p in space) html.Append("<th data-parameter=\"").Append(E(p.Name)).Append("\">").Append(E(p.Name)).Append("</th>");
        html.AppendLine("<th>last step</th><th>duration</th><th class=\"text\">note</th></tr>");
        foreach (var t in study.Trials.OrderBy(t => t.Number))
        {
            var state = t.State.ToString().ToLowerInvariant();
            html.Append("<tr data-trial=\"").Append(t.Number).Append("\" data-state=\"").Append(state).Append('"').Append(best?.Number == t.Number ? " class=\"best\"" : "").Append("><td>")
                .Append(t.Number).Append("</td><td class=\"text state-").Append(state).Append("\">").Append(state).Append("</td><td>")
                .Append(t.Value is { } v ? Show.Number(v) : "").Append("</td>");
            foreach (var p in space)
            {
                if (t.Parameters.TryGetValue(p.Name, out var value)) html.Append("<td>").Append(E(Show.Value(p, value))).Append("</td>");
                else html.Append("<td class=\"absent\">—</td>");
            }
            html.Append("<td>").Append(t.LastStep is { } s ? s.ToString(Inv) : "").Append("</td><td>")
                .Append(t.Finished is { } f && t.Started != default ? Show.Duration(f - t.Started) : "").Append("</td><td class=\"note\">")
                .Append(E(Note(t))).AppendLine("</td></tr>");
        }
        html.AppendLine("</table></div></section>");
    }

    private static string Note(TrialRecord t) => t.State switch
    {
        TrialState.Failed => t.Error ?? "failed",
        TrialState.Pruned => t.LastStep is { } s ? $"pruned after step {s}" : "pruned",
        TrialState.Running => "running",
        _ => t.Error ?? "",
    };

    private static string States(StudySnapshot study) =>
        string.Join(", ", Enum.GetValues<TrialState>().Select(s => (s, n: study.Trials.Count(t => t.State == s))).Where(x => x.n > 0).Select(x => $"{x.n} {x.s.ToString().ToLowerInvariant()}"));

    private static void Tile(StringBuilder html, string key, string label, string value, string? sub)
    {
        html.Append("<div class=\"tile\" data-tile=\"").Append(E(key)).Append("\"><div class=\"label\">").Append(E(label)).Append("</div><div class=\"value\">").Append(E(value)).Append("</div>");
        if (sub is not null) html.Append("<div class=\"sub\">").Append(E(sub)).Append("</div>");
        html.AppendLine("</div>");
    }

    private static string Count(int n, string noun) => $"{n.ToString("N0", Inv)} {noun}{(n == 1 ? "" : "s")}";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
