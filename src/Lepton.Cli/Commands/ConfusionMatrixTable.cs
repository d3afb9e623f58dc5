using System.Globalization;
using System.Text;
using Lepton.Nn.Metrics;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary>
/// Renders a confusion matrix as aligned text: rows are true classes (index and name), columns predicted class
/// indices, the diagonal in green, recall per class at the end. Ten classes fit in 80 columns, also in a log.
/// </summary>
internal static class ConfusionMatrixTable
{
    public static void Write(IAnsiConsole console, ConfusionMatrix matrix, IReadOnlyList<string> classNames) =>
        Write(console, matrix.Matrix, classNames);

    public static void Write(IAnsiConsole console, long[,] counts, IReadOnlyList<string> classNames)
    {
        var n = counts.GetLength(0);
        string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
        var labels = Enumerable.Range(0, n).Select(i => $"{Index(i)} {(i < classNames.Count ? classNames[i] : "")}".TrimEnd()).ToArray();
        var labelWidth = Math.Max("true class".Length, labels.Max(l => l.Length));
        var width = 1 + Enumerable.Range(0, n).Max(j => Math.Max(Index(j).Length, Enumerable.Range(0, n).Max(i => Count(counts[i, j]).Length)));

        console.MarkupLine("Confusion matrix (rows: true class, columns: predicted class)");
        var header = new StringBuilder("true class".PadRight(labelWidth));
        for (var j = 0; j < n; j++) header.Append(Index(j).PadLeft(width));
        console.MarkupLine($"[bold]{Markup.Escape(header.Append("  recall").ToString())}[/]");
        for (var i = 0; i < n; i++)
        {
            var line = new StringBuilder(Markup.Escape(labels[i].PadRight(labelWidth)));
            long total = 0;
            for (var j = 0; j < n; j++) total += counts[i, j];
            for (var j = 0; j < n; j++)
            {
                var cell = Count(counts[i, j]).PadLeft(width);
                line.Append(i == j ? $"[green]{cell}[/]" : counts[i, j] == 0 ? $"[grey]{cell}[/]" : cell);
            }
            line.Append("  ").Append(total == 0 ? "    -" : ((double)counts[i, i] / total).ToString("0.000", CultureInfo.InvariantCulture));
            console.MarkupLine(line.ToString());
        }
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
