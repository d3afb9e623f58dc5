namespace Lepton.Data.Reports;

/// <summary>The report page's inline stylesheet and script: no fonts, libraries or files from anywhere else.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --bg:#f5f6fa; --card:#fff; --primary:#4f46e5; --accent:#0d9488;
                --info:#64748b; --warning:#d97706; --error:#dc2626; }
        * { box-sizing: border-box; }
        body { margin:0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color:var(--ink); background:var(--bg); line-height:1.45; }
        header.top { background: linear-gradient(120deg, #312e81, #4f46e5 55%, #0d9488); color:#fff; padding:2rem 2.5rem 1.5rem; }
        header.top h1 { margin:0 0 .3rem; font-size:1.9rem; font-weight:650; letter-spacing:-.01em; }
        header.top p { margin:0; opacity:.85; font-size:.95rem; }
        nav { position:sticky; top:0; z-index:5; background:#fff; border-bottom:1px solid var(--line); padding:.55rem 2.5rem; display:flex; gap:1.2rem; flex-wrap:wrap; }
        nav a { color:var(--muted); text-decoration:none; font-size:.92rem; font-weight:500; }
        nav a:hover { color:var(--primary); }
        main { padding:1.5rem 2.5rem 3rem; max-width:1500px; margin:0 auto; }
        section { margin-bottom:2.4rem; }
        h2 { font-size:1.3rem; margin:0 0 .9rem; display:flex; align-items:center; gap:.6rem; }
        h2 .count { font-size:.8rem; color:var(--muted); font-weight:500; }
        .tiles { display:grid; grid-template-columns:repeat(auto-fill, minmax(150px, 1fr)); gap:.9rem; }
        .tile { background:var(--card); border-radius:12px; padding:1rem 1.1rem; box-shadow:0 1px 2px rgba(0,0,0,.05), 0 1px 8px rgba(0,0,0,.04); }
        .tile .value { font-size:1.55rem; font-weight:650; font-variant-numeric:tabular-nums; }
        .tile .label { color:var(--muted); font-size:.82rem; text-transform:uppercase; letter-spacing:.04em; }
        .tile .sub { color:var(--muted); font-size:.82rem; }
        .chips { display:flex; flex-wrap:wrap; gap:.4rem; margin-top:.9rem; }
        .chip { background:#eef2ff; color:#3730a3; border-radius:999px; padding:.15rem .65rem; font-size:.8rem; }
        .card { background:var(--card); border-radius:12px; padding:1rem 1.1rem; box-shadow:0 1px 2px rgba(0,0,0,.05), 0 1px 8px rgba(0,0,0,.04); }
        .grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(460px, 1fr)); gap:1rem; }
        .column-card h3 { margin:0; font-size:1.05rem; word-break:break-all; }
        .column-card header { display:flex; justify-content:space-between; align-items:center; gap:.5rem; margin-bottom:.5rem; }
        .kind { font-size:.72rem; font-weight:600; text-transform:uppercase; letter-spacing:.05em; border-radius:6px; padding:.15rem .5rem; background:#e0e7ff; color:#3730a3; white-space:nowrap; }
        .kind.Categorical, .kind.Boolean { background:#ccfbf1; color:#115e59; }
        .kind.DateTime { background:#fef3c7; color:#92400e; }
        .kind.Text, .kind.Identifier { background:#f3f4f6; color:#374151; }
        .stats { display:grid; grid-template-columns:repeat(4, 1fr); gap:.35rem .8rem; margin:.2rem 0 .6rem; font-size:.85rem; }
        .stats div span { display:block; color:var(--muted); font-size:.72rem; text-transform:uppercase; letter-spacing:.03em; }
        .stats div b { font-weight:600; font-variant-numeric:tabular-nums; word-break:break-all; }
        figure { margin:0; position:relative; }
        figure img { width:100%; max-width:100%; height:auto; display:block; border-radius:8px; }
        figcaption { display:flex; justify-content:space-between; color:var(--muted); font-size:.8rem; margin-top:.3rem; }
        a.png { color:var(--primary); text-decoration:none; font-weight:500; }
        a.png:hover { text-decoration:underline; }
        .empty { color:var(--muted); font-style:italic; padding:1rem 0; }
        .findings { display:flex; flex-direction:column; gap:.5rem; }
        .finding { display:grid; grid-template-columns:90px 170px 1fr; gap:.8rem; align-items:start; background:var(--card); border-radius:10px; padding:.7rem 1rem; border-left:5px solid var(--info); box-shadow:0 1px 2px rgba(0,0,0,.05); }
        .finding.Warning { border-left-color:var(--warning); }
        .finding.Error { border-left-color:var(--error); }
        .sev { font-size:.75rem; font-weight:700; text-transform:uppercase; letter-spacing:.05em; color:var(--info); }
        .finding.Warning .sev { color:var(--warning); }
        .finding.Error .sev { color:var(--error); }
        .finding .what { font-weight:600; font-size:.9rem; }
        .finding .cols { display:flex; flex-wrap:wrap; gap:.3rem; margin-top:.25rem; }
        .finding .cols code { background:#f3f4f6; border-radius:5px; padding:0 .35rem; font-size:.78rem; }
        .flag { font-size:.72rem; border-radius:999px; padding:.1rem .5rem; background:#fee2e2; color:#991b1b; }
        .flag.Warning { background:#fef3c7; color:#92400e; }
        .flag.Info { background:#f1f5f9; color:#475569; }
        table.relations { border-collapse:collapse; font-size:.9rem; }
        table.relations td, table.relations th { padding:.3rem .8rem; border-bottom:1px solid var(--line); text-align:left; }
        table.relations td.num { text-align:right; font-variant-numeric:tabular-nums; }
        .bar { display:inline-block; height:.6rem; background:var(--primary); border-radius:3px; vertical-align:middle; }
        input.filter { border:1px solid var(--line); border-radius:8px; padding:.35rem .7rem; font:inherit; font-size:.85rem; margin-left:auto; }
        footer { color:var(--muted); font-size:.8rem; text-align:center; padding:1rem; }
        """;

    // Download links take the PNG from the image itself, so each chart's bytes are in the page once.
    public const string Script = """
        document.querySelectorAll('a.png').forEach(function (a) {
          a.addEventListener('click', function () { a.href = document.getElementById(a.dataset.img).src; });
        });
        var filter = document.getElementById('column-filter');
        if (filter) filter.addEventListener('input', function () {
          var q = filter.value.toLowerCase();
          document.querySelectorAll('.column-card').forEach(function (c) {
            c.style.display = c.dataset.name.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
          });
        });
        """;
}
