using System.Globalization;
using Lepton.Cli.Commands.Prediction;
using Lepton.Data;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Explanations;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Training.Explanations;
using Spectre.Console;
using Table = Lepton.Data.Tables.Table;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands.Explain;

/// <summary>
/// <c>lepton explain</c> for a model with a table pipeline: permutation importance of every raw input column (accuracy
/// for a classifier, RMSE for a regression) and, per feature the pipeline makes, integrated gradients for networks or
/// TreeSHAP for gradient-boosted trees, summed back to the column each feature came from (<c>colour=red</c> and
/// <c>colour=blue</c> to <c>colour</c>).
/// </summary>
internal static class TableExplanation
{
    public static void Run(IAnsiConsole console, Model model, string source, string data, string? target, TableReadOptions reading, ExplainSettings settings)
    {
        var input = DataInput.Resolve(data);
        if (input.IsImages) throw new CliException($"'{data}' holds images, but '{source}' reads tables: give it a table file with the true values.");
        using var preprocessing = TablePreprocessing.ReadFrom(model.Metadata.Preprocessing)
            ?? throw new CliException($"'{source}' has neither a table pipeline nor an image format in its file, so there is nothing to explain its inputs by.");
        if (OutputHead.Of(model).Count > 0)
            throw new CliException($"'{source}' has several outputs; explain each output's model on its own.");
        target ??= input.DefaultTarget ?? model.Metadata.Preprocessing[TableDataset.TargetKey]?.GetValue<string>()
            ?? throw new CliException($"'{source}' does not name its target column: say which column of {data} holds the true values (--target COL).");

        using var whole = input.ReadTable(reading);
        if (whole.ReadSummary.RowsSkipped > 0) console.MarkupLineInterpolated($"[yellow]{whole.ReadSummary}[/]");
        if (!whole.Columns.Any(c => c.Name == target))
            throw new CliException($"{data} has no column '{target}' with the true values. Its columns: {string.Join(", ", whole.Columns.Select(c => c.Name))}. Name it with --target.");
        var columns = InputColumns(preprocessing, target);
        var lacking = (preprocessing.Inputs is null ? columns.Where(c => !whole.Columns.Any(t => t.Name == c)).ToList() : preprocessing.MissingInputs(whole.Columns.Select(c => c.Name)));
        if (lacking.Count > 0)
            throw new CliException($"{data} lacks the column(s) {string.Join(", ", lacking)} that '{source}' reads.");
        using var table = whole.RowCount > settings.Rows ? whole.Slice(0, settings.Rows) : whole.Slice(0, Math.Max(1, whole.RowCount));
        var dropped = table.DropMissing(target);
        if (table.RowCount == 0) throw new CliException($"{data} has no rows with a value in '{target}' to score the model on.");

        var classes = model.Metadata.ClassNames.Count > 0 ? model.Metadata.ClassNames : null;
        var metric = classes is null ? "rmse" : "accuracy";
        double Score(Table rows)
        {
            try
            {
                using var set = TableDataset.FromTable(rows, preprocessing, target, classes);
                return model.Evaluate(set, 512, classes is null ? new RootMeanSquaredError() : new Accuracy())[metric];
            }
            catch (PipelineException e)
            {
                throw new CliException($"'{source}' cannot read {data}: {e.Message}");
            }
            catch (InvalidOperationException e) when (model.Metadata.OutputLoss is null)
            {
                throw new CliException($"'{source}' cannot be scored: {e.Message} Its file names no loss, so its answers cannot be compared with the true values.");
            }
        }

        columns = [.. columns.Where(c => table.Columns.Any(t => t.Name == c))];
        console.MarkupLineInterpolated($"Explaining [bold]{source}[/] on {table.RowCount:N0} rows of {data}{(whole.RowCount > settings.Rows ? $" (the first {settings.Rows:N0}; --rows)" : "")}{(dropped > 0 ? $", {dropped:N0} without a true value left out" : "")}.");

        PermutationImportanceResult permutation = null!;
        TablePrediction.Progress(console).Start(context =>
        {
            var task = context.AddTask($"shuffling {columns.Count} columns × {settings.Repeats}", maxValue: 1 + (columns.Count * settings.Repeats));
            permutation = PermutationImportance.Compute(table, columns, Score,
                new PermutationImportanceOptions { Repeats = settings.Repeats, Seed = settings.Seed, HigherIsBetter = classes is not null },
                new SynchronousProgress<int>(n => task.Increment(n)));
        });

        var gradients = IntegratedGradients.CanExplain(model) ? Gradients(console, model, preprocessing, table, settings)
            : TreeShap.CanExplain(model) ? Contributions(console, model, preprocessing, table)
            : null;
        if (gradients is null && !IntegratedGradients.CanExplain(model))
            console.MarkupLine("[grey]per-feature attributions: not for a model mixing trees with other models (trees have no gradients to integrate); permutation importance covers it.[/]");
        using (gradients?.Attributions)
        {
            var byColumn = gradients is null ? null : ByColumn(gradients.Value, columns);
            Print(console, permutation, metric, byColumn, gradients?.Method);
            if (gradients is { } g) console.MarkupLine(Markup.Escape(ExplainCommand.Completeness(g.Attributions, g.Method.Name)));
            if (settings.Output is { } folder) Write(console, folder, permutation, metric, byColumn, gradients, source);
        }
    }

    /// <summary>
    /// The raw columns the model reads: those its file lists, else those its features come from (<see cref="TablePreprocessing.ColumnOf"/>),
    /// else (a feature made from several columns, such as a principal component) every column its pipeline was fitted on.
    /// </summary>
    private static List<string> InputColumns(TablePreprocessing preprocessing, string target)
    {
        var fitted = preprocessing.Pipeline.InputColumns.Where(c => c != target).ToList();
        if (preprocessing.Inputs is { } inputs) return [.. inputs.Where(c => c != target)];
        var owners = preprocessing.Features.Select(f => TablePreprocessing.ColumnOf(f, fitted)).ToList();
        return owners.All(fitted.Contains) ? [.. fitted.Where(owners.Contains)] : fitted;
    }

    /// <summary>Per-feature attributions, with <see cref="Values"/> the explained inputs' attributions as doubles, rows × features (row-major), read out once.</summary>
    private readonly record struct Gradient(Attributions Attributions, IReadOnlyList<string> Features, AttributionMethod Method)
    {
        public double[] Values { get; } = Flat(Attributions);

        private static double[] Flat(Attributions attributions)
        {
            using var all = cat(attributions.Values.Where(v => v is not null).Select(v => v!.flatten(1)).ToList(), 1).to_type(ScalarType.Float64);
            return all.data<double>().ToArray();
        }
    }

    /// <summary>How the per-feature attributions were found: the name printed, the CSV columns' prefix, what a value measures.</summary>
    private sealed record AttributionMethod(string Name, string CsvPrefix, string Measure)
    {
        public static readonly AttributionMethod IntegratedGradients = new("integrated gradients", "integrated_gradients", "mean |attribution|");
        public static readonly AttributionMethod TreeShap = new("TreeSHAP", "tree_shap", "mean |contribution|, raw score");
    }

    /// <summary>
    /// Interventional TreeSHAP for a gradient-boosted model: each of the first <see cref="ShapRows"/> rows against
    /// <see cref="ShapBackground"/> rows spread through the table, in the trees' raw score (log-odds for binary).
    /// </summary>
    private static Gradient? Contributions(IAnsiConsole console, Model model, TablePreprocessing preprocessing, Table table)
    {
        using var applied = preprocessing.Apply(table);
        using var features = FeatureTensors.ToFeatureTensor(applied.Table, [.. preprocessing.Features]);
        var rows = (int)features.shape[0];
        var explained = Math.Min(rows, ShapRows);
        var backgroundCount = Math.Min(rows, ShapBackground);
        using var index = tensor(Enumerable.Range(0, backgroundCount).Select(i => (long)i * rows / backgroundCount).ToArray());
        using var background = features.index_select(0, index);
        using var head = features.narrow(0, 0, explained);
        Attributions attributions = null!;
        console.Status().Start($"TreeSHAP over {explained:N0} rows against {backgroundCount:N0} background rows…", _ => attributions = TreeShap.Explain(model, head, background));
        if (explained < rows) console.MarkupLineInterpolated($"[grey]TreeSHAP: the first {explained:N0} rows, against {backgroundCount:N0} rows spread through the table.[/]");
        return new Gradient(attributions, preprocessing.Features, AttributionMethod.TreeShap);
    }

    private const int ShapRows = 1_000;
    private const int ShapBackground = 100;

    /// <summary>
    /// Integrated gradients over the rows' features. A text column's token ids (<c>text#0…</c>) go in as integers, so the
    /// model's embedding carries them: one attribution per token position.
    /// </summary>
    private static Gradient? Gradients(IAnsiConsole console, Model model, TablePreprocessing preprocessing, Table table, ExplainSettings settings)
    {
        using var applied = preprocessing.Apply(table);
        using var features = FeatureTensors.ToFeatureTensor(applied.Table, [.. preprocessing.Features]);
        var parts = preprocessing.SplitByInput(features);
        var names = new List<IReadOnlyList<string>>();
        var inputs = new List<Tensor>();
        var offset = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var size = (int)parts[i].shape[1];
            var inputNames = preprocessing.Features.Skip(offset).Take(size).ToList();
            offset += size;
            var tokens = inputNames.All(n => n.Contains('#', StringComparison.Ordinal));
            inputs.Add(tokens ? parts[i].to_type(ScalarType.Int64) : parts[i].alias());
            names.Add(inputNames);
        }
        try
        {
            Attributions attributions = null!;
            try
            {
                console.Status().Start($"integrated gradients over {table.RowCount:N0} rows…", _ => attributions = ExplainCommand.Integrate(model, inputs, settings));
            }
            catch (ArgumentException e) when (e.ParamName == "inputs")
            {
                console.MarkupLineInterpolated($"[grey]integrated gradients: {e.Message.Split(" (Parameter")[0]}[/]");
                return null;
            }
            // Inputs held fixed (integers no embedding reads) have no attributions, so no feature names either.
            var explained = names.Where((_, i) => attributions.Values[i] is not null).SelectMany(n => n).ToList();
            return new Gradient(attributions, explained, AttributionMethod.IntegratedGradients);
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }

    /// <summary>Per raw column (or per feature that names no column), the mean absolute and mean signed attribution over the rows.</summary>
    private static Dictionary<string, (double MeanAbsolute, double Mean)> ByColumn(Gradient gradient, IReadOnlyList<string> columns)
    {
        var features = gradient.Features;
        var values = gradient.Values;
        var rows = gradient.Attributions.Outputs.Count;
        var groups = new Dictionary<string, (double MeanAbsolute, double Mean)>(StringComparer.Ordinal);
        var owner = features.Select(f => TablePreprocessing.ColumnOf(f, columns)).ToArray();
        foreach (var column in owner.Distinct())
        {
            var indices = Enumerable.Range(0, owner.Length).Where(i => owner[i] == column).ToArray();
            double absolute = 0, signed = 0;
            for (long r = 0; r < rows; r++)
            {
                var sum = indices.Sum(i => values[(r * features.Count) + i]);
                absolute += Math.Abs(sum);
                signed += sum;
            }
            groups[column] = (absolute / rows, signed / rows);
        }
        return groups;
    }

    private static void Print(IAnsiConsole console, PermutationImportanceResult permutation, string metric, Dictionary<string, (double MeanAbsolute, double Mean)>? byColumn, AttributionMethod? method)
    {
        var grid = new Spectre.Console.Table().Border(TableBorder.Rounded)
            .AddColumn("column")
            .AddColumn(new Spectre.Console.TableColumn($"permutation importance\n({metric} {(metric == "rmse" ? "rise" : "drop")}, ± sd)").RightAligned());
        if (byColumn is not null) grid.AddColumn(new Spectre.Console.TableColumn($"{method!.Name}\n({method.Measure})").RightAligned());
        foreach (var feature in permutation.Features)
        {
            var cells = new List<string> { Markup.Escape(feature.Column), $"{N(feature.Mean)} ± {N(feature.StandardDeviation)}" };
            if (byColumn is not null) cells.Add(byColumn.TryGetValue(feature.Column, out var g) ? N(g.MeanAbsolute) : "—");
            grid.AddRow([.. cells]);
        }
        // Features a pipeline made from several columns at once (PCA, polynomial terms) have gradients but no column to shuffle.
        foreach (var (name, g) in byColumn?.Where(p => !permutation.Features.Any(f => f.Column == p.Key)) ?? [])
            grid.AddRow(Markup.Escape(name), "—", N(g.MeanAbsolute));
        console.MarkupLineInterpolated($"{metric} on these rows: {permutation.Baseline.ToString("0.####", CultureInfo.InvariantCulture)}");
        console.Write(grid);
    }

    private static void Write(IAnsiConsole console, string folder, PermutationImportanceResult permutation, string metric,
        Dictionary<string, (double MeanAbsolute, double Mean)>? byColumn, Gradient? gradients, string source)
    {
        Directory.CreateDirectory(folder);
        var prefix = gradients?.Method.CsvPrefix ?? AttributionMethod.IntegratedGradients.CsvPrefix;
        using (var file = new PredictionFile(Path.Combine(folder, "importance.csv"),
            ["column", "permutation_mean", "permutation_std", $"{prefix}_mean_abs", $"{prefix}_mean"],
            ["permutation_mean", "permutation_std", $"{prefix}_mean_abs", $"{prefix}_mean"]))
        {
            foreach (var feature in permutation.Features)
            {
                var g = byColumn?.GetValueOrDefault(feature.Column);
                file.WriteRow([feature.Column, R(feature.Mean), R(feature.StandardDeviation), g is { } a ? R(a.MeanAbsolute) : "", g is { } b ? R(b.Mean) : ""]);
            }
            file.Commit();
        }
        if (gradients is { } gradient)
        {
            var features = gradient.Features;
            var values = gradient.Values;
            using var file = new PredictionFile(Path.Combine(folder, "attributions.csv"),
                ["row", "explained_output", "output", "baseline_output", .. features],
                ["row", "explained_output", "output", "baseline_output", .. features]);
            for (var r = 0; r < gradient.Attributions.Outputs.Count; r++)
            {
                file.WriteRow([r.ToString(CultureInfo.InvariantCulture), gradient.Attributions.Targets[r].ToString(CultureInfo.InvariantCulture),
                    R(gradient.Attributions.Outputs[r]), R(gradient.Attributions.BaselineOutputs[r]),
                    .. Enumerable.Range(0, features.Count).Select(f => R(values[(r * features.Count) + f]))]);
            }
            file.Commit();
        }
        var chart = Path.Combine(folder, "importance.png");
        AtomicFile.Write(chart, ImportanceChart.RenderPng(permutation, metric, $"What {Path.GetFileName(source)} relies on"));
        console.MarkupLineInterpolated($"wrote [bold]{Path.GetFullPath(folder)}[/]: importance.csv{(gradients is null ? "" : ", attributions.csv")}, importance.png");
    }

    private static string N(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
