using System.CommandLine;
using System.Globalization;
using Lepton.Data.Datasets;
using Lepton.Data.Reports;
using Lepton.Data.Tables;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary><c>lepton data profile|list|show</c>: what a table holds and what in it needs attention, and the built-in datasets.</summary>
internal static class DataCommand
{
    public static Command Create(IAnsiConsole console) => new("data", "Look at tabular data: CSV, TSV, JSON, JSON Lines, Parquet.")
    {
        // One subcommand per line, so additions merge cleanly.
        Profile(console),
        List(console),
        Show(console),
        DataCleanCommand.Create(console),
    };

    private static Command Profile(IAnsiConsole console)
    {
        var file = new Argument<string>("file") { Description = "A CSV, TSV, JSON, JSON Lines or Parquet file, or a catalog table by name (iris; a file of that name wins)." };
        var target = new Option<string?>("--target") { Description = "The column a model would predict: adds class balance, each feature's relation to it and leakage checks." };
        var output = new Option<string?>("--out") { Description = "Also write the report as one self-contained HTML file (charts inside, opens offline)." };
        var charts = new Option<string?>("--charts") { Description = "Also write every chart of the report as a PNG file into this folder." };
        var command = new Command("profile", "Print each column's statistics, the strongest correlations and the quality findings; --out writes them as an HTML report with charts.") { file, target, output, charts };
        var reading = new DataReadOptions();
        reading.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = reading.Read(result);
            try
            {
                using var table = await DataInput.Resolve(result.GetValue(file)!).ReadTableAsync(options, cancellationToken);
                var profile = await table.ProfileAsync(new ProfileOptions { Target = result.GetValue(target) }, cancellationToken);
                var findings = QualityChecks.Check(profile);
                Print(console, table, profile, findings);
                await WriteReport(console, table, profile, findings, result.GetValue(output), result.GetValue(charts), cancellationToken);
                return ExitCodes.Success;
            }
            catch (KeyNotFoundException e)
            {
                throw new CliException(e.Message + " Check --target.");
            }
        });
        return command;
    }

    private static async Task WriteReport(IAnsiConsole console, Lepton.Data.Tables.Table table, TableProfile profile, IReadOnlyList<QualityFinding> findings, string? output, string? charts, CancellationToken cancellationToken)
    {
        if (output is null && charts is null) return;
        var html = output ?? Path.Combine(Path.GetTempPath(), $"lepton-report-{Guid.NewGuid():N}.html");
        try
        {
            if (output is not null) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            var written = await DataReport.WriteAsync(table, profile, findings, html, new DataReportOptions { ChartsDirectory = charts }, cancellationToken);
            if (output is not null) console.MarkupLineInterpolated($"Report: [bold]{Path.GetFullPath(output)}[/] ({written.Count} charts)");
            if (charts is not null) console.MarkupLineInterpolated($"Charts: {written.Count} PNG files in [bold]{Path.GetFullPath(charts)}[/]");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(e.Message.StartsWith("Cannot write", StringComparison.Ordinal) ? e.Message : $"Cannot write the report: {e.Message}");
        }
        finally
        {
            if (output is null) File.Delete(html);
        }
    }

    private static Command List(IAnsiConsole console)
    {
        var command = new Command("list", "List the built-in datasets and whether their files are installed.");
        command.SetAction(_ =>
        {
            var table = new Spectre.Console.Table().Border(TableBorder.Rounded).AddColumns("name", "kind", "rows", "features", "target", "installed");
            foreach (var d in DatasetCatalog.All)
            {
                table.AddRow(d.Name, d.IsTabular ? "table" : "images", d.Rows.ToString("N0", CultureInfo.InvariantCulture),
                    d.IsTabular ? d.Features.Count.ToString(CultureInfo.InvariantCulture) : Markup.Escape(d.Features[0]), Markup.Escape(d.Target),
                    d.IsInstalled ? "[green]yes[/]" : $"[yellow]no[/] (apt-get install {d.Package})");
            }

            console.Write(table);
            console.MarkupLine("[grey]lepton data show NAME for details; lepton data profile NAME --out report.html to look at one.[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(IAnsiConsole console)
    {
        var name = new Argument<string>("name") { Description = "A dataset name from `lepton data list`, e.g. iris." };
        var command = new Command("show", "Describe a built-in dataset: what it holds, its columns and target, and where its files are.") { name };
        command.SetAction(result =>
        {
            DatasetInfo info;
            try
            {
                info = DatasetCatalog.Describe(result.GetValue(name)!);
            }
            catch (KeyNotFoundException e)
            {
                throw new CliException(e.Message + " See `lepton data list`.");
            }

            console.MarkupLineInterpolated($"[bold]{info.Name}[/] ({(info.IsTabular ? "table" : "images")}): {info.Description}");
            console.MarkupLineInterpolated($"Rows:     {info.Rows:N0}");
            console.MarkupLineInterpolated($"Features: {info.Features.Count} — {Cut(string.Join(", ", info.Features), 200)}");
            console.MarkupLineInterpolated($"Target:   {info.Target}{(info.ClassNames.Count > 0 ? $" ({info.ClassNames.Count} classes: {string.Join(", ", info.ClassNames)})" : " (a number: regression)")}");
            console.MarkupLineInterpolated($"Package:  {info.Package}");
            console.MarkupLine("Files:");
            foreach (var path in info.Files) console.MarkupLineInterpolated($"  {path} {(File.Exists(path) ? "" : "[yellow](missing)[/]")}");
            if (!info.IsInstalled) console.MarkupLineInterpolated($"[yellow]Not installed: sudo apt-get install {info.Package}[/]");
            else if (info.IsTabular) console.MarkupLineInterpolated($"[grey]Load it with DatasetCatalog.Load(\"{info.Name}\"), or look at it: lepton data profile {info.Name} --target {info.Target} --out {info.Name}.html[/]");
            return ExitCodes.Success;
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
