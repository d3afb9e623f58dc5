using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Models;
using Spectre.Console;

namespace Lepton.Cli.Commands.Prediction;

/// <summary>
/// Predictions for every row of a table, through the pipeline saved in the model file: read once into the data
/// engine, then a chunk of rows at a time (pipeline, features, forward pass, rows written), so the rows held in .NET
/// stay one chunk whatever the file's size. Rows are never dropped (<c>Apply(dropRows: false)</c>): the output has
/// one row per input row, in input order.
/// </summary>
internal static class TablePrediction
{
    public static long Run(IAnsiConsole console, PredictionModel model, TablePreprocessing preprocessing, DataInput data, TableReadOptions reading, string output, string? id, int chunkRows) =>
        Run(console, model, data, reading, output, id, chunkRows, (outputs, chunk, _) =>
        {
            using var applied = preprocessing.Apply(chunk);
            using var features = FeatureTensors.ToFeatureTensor(applied.Table, [.. preprocessing.Features]);
            return outputs.Predict([.. preprocessing.SplitByInput(features)]);
        });

    /// <summary>
    /// The same for a whole table ONNX model (<see cref="PredictionModel.Columns"/>): each chunk's raw columns go to
    /// the graph as they are, typed as its inputs; the pipeline runs inside it.
    /// </summary>
    public static long RunColumns(IAnsiConsole console, PredictionModel model, DataInput data, TableReadOptions reading, string output, string? id, int chunkRows) =>
        Run(console, model, data, reading, output, id, chunkRows,
            (outputs, chunk, start) => outputs.PredictColumns(model.ColumnValues(chunk, start), checked((int)chunk.RowCount)));

    private static long Run(IAnsiConsole console, PredictionModel model, DataInput data, TableReadOptions reading, string output, string? id, int chunkRows, Func<ModelOutputs, Lepton.Data.Tables.Table, long, List<string[]>> predict)
    {
        using var table = data.ReadTable(reading);
        if (table.ReadSummary.RowsSkipped > 0) console.MarkupLineInterpolated($"[yellow]{table.ReadSummary}[/]");
        if (table.RowCount == 0) throw new CliException($"'{data.Argument}' has no rows to predict.");
        if (id is not null && !table.Columns.Any(c => c.Name == id))
            throw new CliException($"--id names '{id}', which is not a column of '{data.Argument}'. Its columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        var outputs = new ModelOutputs(model);
        if (id is not null && outputs.Columns.Contains(id))
            throw new CliException($"--id names '{id}', which is also the name of a predictions column ({string.Join(", ", outputs.Columns)}); copy another column, or rename it in the data.");
        using var file = new PredictionFile(output, id is null ? outputs.Columns : [id, .. outputs.Columns], outputs.NumberColumns);
        Progress(console).Start(context =>
        {
            var task = context.AddTask("predicting", maxValue: table.RowCount);
            for (long start = 0; start < table.RowCount; start += chunkRows)
            {
                using var chunk = table.Slice(start, chunkRows);
                var ids = id is null ? null : chunk.GetStrings(id);
                var rows = predict(outputs, chunk, start);
                for (var r = 0; r < rows.Count; r++)
                    file.WriteRow(ids is null ? rows[r] : [ids[r] ?? "", .. rows[r]]);
                task.Increment(rows.Count);
            }
        });
        file.Commit();
        return file.Rows;
    }

    public static Progress Progress(IAnsiConsole console) => console.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());
}
