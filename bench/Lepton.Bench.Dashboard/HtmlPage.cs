using System.Globalization;

namespace Lepton.Bench.Dashboard;

/// <summary>Variant (a): a server-rendered page whose small script fetches each series as JSON and draws it.</summary>
internal static class HtmlPage
{
    public static string Render(int charts, int maxPoints)
    {
        var divs = string.Concat(Enumerable.Range(0, charts).Select(i => $"<div class=\"chart\" id=\"chart{i}\"></div>\n"));
        return string.Create(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <link rel="icon" href="data:,">
            <title>Run · loss (server-rendered)</title>
            <link rel="stylesheet" href="/uplot/uPlot.min.css">
            <script src="/uplot/uPlot.iife.min.js"></script>
            <script src="/chart.js"></script>
            </head>
            <body>
            <h1>Run 1</h1>
            {{divs}}<script>
            const charts = {{charts}}, max = {{maxPoints}};
            for (let i = 0; i < charts; i++)
              fetch(`/api/series/${i}?max=${max}`).then(r => r.json())
                .then(s => benchChart.draw(document.getElementById(`chart${i}`), s.steps, s.values, charts));
            </script>
            </body>
            </html>
            """);
    }
}
