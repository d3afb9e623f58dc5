using System.Globalization;
using Lepton.Nn.Metrics;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary>Renders a confusion matrix as a table: rows are true classes, columns predicted ones, the diagonal highlighted.</summary>
internal static class ConfusionMatrixTable
{
    public static Table Render(ConfusionMatrix matrix, IReadOnlyList<string> classNames)
    {
        var n = matrix.Classes;
        string Name(int i) => i < classNames.Count ? classNames[i] : "";
        string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
        // Columns carry only the class index so ten classes fit an 80-column terminal; rows name the class.
        var table = new Table().Title("Confusion matrix (rows: true class, columns: predicted class)")
            .AddColumn(new TableColumn("true class").NoWrap());
        for (var j = 0; j < n; j++) table.AddColumn(new TableColumn(Index(j)).RightAligned());
        table.AddColumn(new TableColumn("recall").RightAligned());
        for (var i = 0; i < n; i++)
        {
            var cells = new List<string> { Markup.Escape($"{Index(i)} {Name(i)}".TrimEnd()) };
            long rowTotal = 0;
            for (var j = 0; j < n; j++) rowTotal += matrix.Matrix[i, j];
            for (var j = 0; j < n; j++)
            {
                var count = matrix.Matrix[i, j].ToString(CultureInfo.InvariantCulture);
                cells.Add(i == j ? $"[green]{count}[/]" : matrix.Matrix[i, j] == 0 ? $"[grey]{count}[/]" : count);
            }
            cells.Add(rowTotal == 0 ? "-" : ((double)matrix.Matrix[i, i] / rowTotal).ToString("0.000", CultureInfo.InvariantCulture));
            table.AddRow(cells.ToArray());
        }
        return table.Border(TableBorder.Simple);
    }
}
