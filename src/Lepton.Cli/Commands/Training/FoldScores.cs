using System.Globalization;
using Spectre.Console;
using TableColumn = Spectre.Console.TableColumn;

namespace Lepton.Cli.Commands.Training;

/// <summary>
/// The test metrics of every fold of a cross-validation and, per metric, their mean and sample standard deviation
/// (ddof = 1, as scikit-learn's peers report it); drawn as a table of fold × metric with a last row of mean ± sd.
/// </summary>
internal sealed class FoldScores
{
    private readonly List<(string Kept, IReadOnlyDictionary<string, double> Metrics)> _folds = [];

    public IReadOnlyList<string> Metrics => _folds.Count == 0 ? [] : [.. _folds[0].Metrics.Keys];

    public int Count => _folds.Count;

    public void Add(string kept, IReadOnlyDictionary<string, double> metrics) => _folds.Add((kept, metrics));

    public IReadOnlyList<double> Of(string metric) => _folds.Select(f => f.Metrics[metric]).ToList();

    public double Mean(string metric) => Of(metric).Average();

    /// <summary>The sample standard deviation (n − 1 in the denominator); 0 for one fold.</summary>
    public double StandardDeviation(string metric)
    {
        var values = Of(metric);
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    public Table ToTable()
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Cross-validation[/]");
        table.AddColumn("Fold");
        table.AddColumn("Kept");
        foreach (var metric in Metrics) table.AddColumn(new TableColumn(metric).RightAligned());
        for (var i = 0; i < _folds.Count; i++)
            table.AddRow([(i + 1).ToString(CultureInfo.InvariantCulture), _folds[i].Kept, .. Metrics.Select(m => Format(_folds[i].Metrics[m]))]);
        table.AddRow(["[bold]mean ± sd[/]", "", .. Metrics.Select(m => $"[bold]{Format(Mean(m))} ± {Format(StandardDeviation(m))}[/]")]);
        return table;
    }

    private static string Format(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
