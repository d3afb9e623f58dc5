using System.CommandLine;
using System.Text;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary>
/// <c>lepton data clean FILE --spec clean.yaml --out FILE</c>: fits a YAML spec of steps on the file and writes the
/// result; or, with <c>--pipeline</c>, applies a pipeline fitted before. Prints what each step changed.
/// </summary>
internal static class DataCleanCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var file = new Argument<string>("file") { Description = "A CSV, TSV, JSON, JSON Lines or Parquet file." };
        var spec = new Option<string?>("--spec") { Description = "A YAML spec of steps, fitted on FILE (see docs/data.md, Pipelines)." };
        var pipeline = new Option<string?>("--pipeline") { Description = "A fitted pipeline (JSON, from --save-pipeline) to apply unchanged instead of fitting a spec; its row-removing steps (drop_missing, filter, deduplicate, outliers with drop) run too." };
        var output = new Option<string>("--out") { Description = "Where to write the result: .parquet for Parquet, otherwise CSV. Written beside, then renamed.", Required = true };
        var save = new Option<string?>("--save-pipeline") { Description = "Also write the fitted pipeline as JSON, to apply the same steps to other files later." };
        var command = new Command("clean", "Clean and transform a table with a spec of steps (or a fitted pipeline) and print what changed.") { file, spec, pipeline, output, save };
        var reading = new DataReadOptions();
        reading.AddTo(command);
        command.SetAction(result => Run(console, result.GetValue(file)!, result.GetValue(spec), result.GetValue(pipeline), result.GetValue(output)!, result.GetValue(save), reading.Read(result)));
        return command;
    }

    private static int Run(IAnsiConsole console, string file, string? specPath, string? pipelinePath, string output, string? savePath, TableReadOptions reading)
    {
        if ((specPath is null) == (pipelinePath is null))
            throw new CliException("Give either --spec clean.yaml (fit the steps on FILE) or --pipeline fitted.json (apply a fitted pipeline).");
        try
        {
            using var table = Lepton.Data.Tables.Table.Read(file, reading);
            if (table.ReadSummary.RowsSkipped > 0) console.MarkupLineInterpolated($"[yellow]{table.ReadSummary}[/]");
            FittedPipeline fitted;
            PipelineResult result;
            if (specPath is not null)
            {
                result = PipelineSpec.Load(specPath).Fit(table, out fitted);
            }
            else
            {
                fitted = FittedPipeline.Load(pipelinePath!);
                // Cleaning a file runs every step, the row-removing ones too, as on the training file.
                result = fitted.Apply(table, dropRows: true);
            }
            using (result)
            {
                Print(console, result.Report);
                var target = Path.GetFullPath(output);
                var write = target.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
                    ? result.Table.WriteParquetAsync(target)
                    : result.Table.WriteCsvAsync(target, target.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',');
                write.GetAwaiter().GetResult();
                console.MarkupLineInterpolated($"wrote [bold]{target}[/]: {result.Table.RowCount:N0} rows × {result.Table.Columns.Count} columns");
            }
            if (savePath is not null)
            {
                AtomicFile.Write(savePath, Encoding.UTF8.GetBytes(fitted.ToJson()));
                console.MarkupLineInterpolated($"saved the fitted pipeline to [bold]{Path.GetFullPath(savePath)}[/]");
            }
            return ExitCodes.Success;
        }
        catch (TableReadException e)
        {
            throw new CliException(DataReadOptions.Describe(e));
        }
        catch (Exception e) when (e is PipelineException or DirectoryNotFoundException or IOException)
        {
            throw new CliException(e.Message);
        }
    }

    private static void Print(IAnsiConsole console, PipelineReport report)
    {
        var steps = new Spectre.Console.Table().Border(TableBorder.Rounded).AddColumns("step", "values changed", "rows dropped", "unseen", "columns", "notes");
        foreach (var s in report.Steps)
        {
            var columns = string.Join(" ", s.ColumnsAdded.Count > 0 ? $"+{s.ColumnsAdded.Count}" : "", s.ColumnsRemoved.Count > 0 ? $"−{s.ColumnsRemoved.Count}" : "").Trim();
            steps.AddRow(Markup.Escape(s.Step), s.ValuesChanged.ToString("N0"), s.RowsDropped.ToString("N0"), s.UnseenValues.ToString("N0"),
                columns, Markup.Escape(string.Join("; ", s.Notes)));
        }
        console.Write(steps);
        console.MarkupLineInterpolated($"{report.RowsIn:N0} rows in, {report.RowsOut:N0} rows out");
    }
}
