using System.CommandLine;
using System.Globalization;
using Lepton.Data.Tables;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary><c>lepton data profile FILE [--target COL]</c>: what a table holds and what in it needs attention.</summary>
internal static class DataCommand
{
    public static Command Create(IAnsiConsole console) => new("data", "Look at tabular data: CSV, TSV, JSON, JSON Lines, Parquet.")
    {
        Profile(console),
        DataCleanCommand.Create(console),
    };

    private static Command Profile(IAnsiConsole console)
    {
        var file = new Argument<string>("file") { Description = "A CSV, TSV, JSON, JSON Lines or Parquet file." };
        var target = new Option<string?>("--target") { Description = "The column a model would predict: adds class balance, each feature's relation to it and leakage checks." };
        var skip = new Option<bool>("--skip-bad-rows") { Description = "Leave out rows that do not fit (reported) instead of stopping at the first." };
        var command = new Command("profile", "Print each column's statistics, the strongest correlations and the quality findings.") { file, target, skip };
        command.SetAction(result =>
        {
            var options = new TableReadOptions { BadRows = result.GetValue(skip) ? BadRowPolicy.Skip : BadRowPolicy.Fail };
            try
            {
                using var table = Lepton.Data.Tables.Table.Read(result.GetValue(file)!, options);
                var profile = table.Profile(new ProfileOptions { Target = result.GetValue(target) });
                Print(console, table, profile, QualityChecks.Check(profile));
                return ExitCodes.Success;
            }
            catch (TableReadException e)
            {
                throw new CliException(e.Message);
            }
            catch (KeyNotFoundException e)
            {
                throw new CliException(e.Message + " Check --target.");
            }
        });
        return command;
    }

    private static void Print(IAnsiConsole console, Lepton.Data.Tables.Table table, TableProfile profile, IReadOnlyList<QualityFinding> findings)
    {
        var summary = table.ReadSummary;
        console.MarkupLineInterpolated($"[bold]{summary.FilePath}[/]: {profile.RowCount:N0} rows × {table.Columns.Count} columns, {summary.Format}{(summary.Delimiter is { } d ? $" (delimiter {Shown(d)})" : "")}");
        if (summary.RowsSkipped > 0) console.MarkupLineInterpolated($"[yellow]{summary}[/]");
        foreach (var problem in summary.Problems.Take(5)) console.MarkupLineInterpolated($"  [grey]line {problem.Line}: {problem.Reason}[/]");

        var columns = new Spectre.Console.Table().Border(TableBorder.Rounded)
            .AddColumns("column", "kind", "missing", "distinct", "min", "mean", "median", "max", "std", "top");
        foreach (var c in profile.Columns)
        {
            columns.AddRow(
                Markup.Escape(c.Name), c.Kind.ToString(),
                c.Missing == 0 ? "0" : $"{c.Missing:N0} ({c.MissingShare.ToString("0.#%", CultureInfo.InvariantCulture)})",
                (c.DistinctIsEstimate ? "≈" : "") + c.Distinct.ToString("N0", CultureInfo.InvariantCulture),
                c.Earliest is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Number(c.Min),
                Number(c.Mean), Number(c.Median),
                c.Latest is { } l ? l.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Number(c.Max),
                Number(c.StandardDeviation),
                Markup.Escape(string.Join(" ", c.TopValues.Take(2).Select(v => $"{Cut(v.Value, 10)}×{v.Count:N0}"))));
        }
        console.Write(columns);

        var strongest = profile.Correlations.Where(c => !double.IsNaN(c.Value)).OrderByDescending(c => Math.Abs(c.Value)).Take(8).ToList();
        if (strongest.Count > 0)
        {
            var correlations = new Spectre.Console.Table().Border(TableBorder.Rounded).Title("strongest correlations").AddColumns("columns", "measure", "value");
            foreach (var c in strongest) correlations.AddRow(Markup.Escape($"{c.First} ~ {c.Second}"), c.Method.ToString(), Number(c.Value));
            console.Write(correlations);
        }
        if (profile.TargetRelations.Count > 0)
        {
            var relations = new Spectre.Console.Table().Border(TableBorder.Rounded).Title($"relation to {Markup.Escape(profile.Target!)}").AddColumns("feature", "measure", "value");
            foreach (var r in profile.TargetRelations.Take(10)) relations.AddRow(Markup.Escape(r.First), r.Method.ToString(), Number(r.Value));
            console.Write(relations);
        }

        console.MarkupLineInterpolated($"Duplicate rows: {profile.DuplicateRows:N0}");
        if (findings.Count == 0)
        {
            console.MarkupLine("[green]No quality findings.[/]");
            return;
        }
        var table2 = new Spectre.Console.Table().Border(TableBorder.Rounded).Title("quality findings").AddColumns("severity", "finding", "columns", "what was found");
        foreach (var f in findings)
        {
            var colour = f.Severity switch { FindingSeverity.Error => "red", FindingSeverity.Warning => "yellow", _ => "grey" };
            table2.AddRow($"[{colour}]{f.Severity}[/]", f.Kind.ToString(), Markup.Escape(Cut(string.Join(", ", f.Columns), 30)), Markup.Escape(f.Message));
        }
        console.Write(table2);
    }

    private static string Number(double? value) => value switch
    {
        null => "",
        double v when double.IsNaN(v) => "",
        double v when Math.Abs(v) >= 1e6 || (Math.Abs(v) < 1e-3 && v != 0) => v.ToString("0.###e+0", CultureInfo.InvariantCulture),
        double v => v.ToString("0.###", CultureInfo.InvariantCulture),
    };

    private static string Shown(char delimiter) => delimiter == '\t' ? "tab" : $"'{delimiter}'";

    private static string Cut(string text, int length = 16) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
