using System.CommandLine;
using System.Globalization;
using System.Text;
using Lepton.Data.Datasets;
using Lepton.Data.Images;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Nn.Metrics;
using Lepton.Nn.Models;
using Lepton.Nn.Serialization;
using Lepton.Tracking;
using Lepton.Training.Evaluation;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary>
/// <c>lepton evaluate MODEL [DATA]</c>: any model on labelled data it reads the way it was trained — a table file, an
/// image folder, a catalog dataset — with the metrics, per-class figures and confusion matrix, an HTML report and JSON.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var common = new CommonOptions();
        var reading = new DataReadOptions();
        var store = new TrackingStoreOption();
        var model = new Argument<string>("model") { Description = "A .lepton model file, or a registered model: name@alias, name/version." };
        var dataArgument = new Argument<string?>("data")
        {
            Description = "Labelled data: a table file (CSV, TSV, JSON, JSON Lines, Parquet), an image folder (root/<class>/*.png), or a catalog dataset (fashion-mnist, iris, …). Default: the test set of the dataset the model was trained on, when Lepton knows it.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var target = new Option<string?>("--target") { Description = "The column of a table that holds the true values (default: the one the model names)." };
        var report = new Option<string?>("--report") { Description = "Also write one self-contained HTML report (charts inside); each chart is also written as a PNG into <name>_files/ beside it." };
        var output = new Option<string?>("--output", "--json") { Description = "Also write the metrics, per-class figures, confusion matrix and curves as JSON to this file." };
        var folder = new Option<string?>("--data") { Description = "A folder with the Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Examples per evaluation batch.", DefaultValueFactory = _ => 512 };
        var noTracking = new Option<bool>("--no-tracking") { Description = "Do not record the evaluation of a registered model as a run in the tracking store." };
        var command = new Command("evaluate", "Evaluate a model on labelled data: classification metrics, per-class figures and confusion matrix, or regression metrics; an HTML report with --report. A registered model's evaluation is recorded as a run in the tracking store.")
        {
            model, dataArgument, target, report, output, folder, batchSize, noTracking,
        };
        common.AddTo(command);
        reading.AddTo(command);
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            common.Apply(result);
            var source = result.GetValue(model)!;
            var (loaded, version) = await ModelLoader.LoadVersionAsync(source, store, result, cancellationToken).ConfigureAwait(false);
            var batch = result.GetValue(batchSize);
            if (batch < 1) throw new CliException($"--batch-size must be at least 1, not {batch}.");
            var recording = new Recording(store, result, source, version, !result.GetValue(noTracking));
            if (OutputHeads(loaded).Count > 0)
                return await EvaluateOutputsAsync(console, loaded, source, result.GetValue(dataArgument), result.GetValue(target), reading, result, result.GetValue(output), result.GetValue(report), batch, recording, cancellationToken).ConfigureAwait(false);
            ModelEvaluation evaluation;
            EvaluatedData? evaluated;
            string? evaluatedTarget;
            try
            {
                (evaluation, evaluated, evaluatedTarget) = Evaluate(console, loaded, source, result.GetValue(dataArgument), result.GetValue(folder), result.GetValue(target), reading.Read(result), batch, recording.Records);
            }
            catch (EvaluationException e)
            {
                throw new CliException(e.Message);
            }
            catch (TableReadException e)
            {
                throw new CliException(DataReadOptions.Describe(e));
            }
            catch (DatasetNotFoundException e)
            {
                throw new CliException(e.Message);
            }

            Print(console, evaluation);
            if (result.GetValue(output) is { } json)
            {
                AtomicFile.Write(json, Encoding.UTF8.GetBytes(evaluation.ToJson()));
                console.MarkupLineInterpolated($"Wrote the metrics to {Path.GetFullPath(json)}");
            }
            var title = recording.Title(evaluation.Data);
            if (result.GetValue(report) is { } html)
            {
                var charts = await EvaluationReport.WriteAsync(evaluation, html, title, cancellationToken).ConfigureAwait(false);
                console.MarkupLineInterpolated($"Wrote the report to {Path.GetFullPath(html)} and its {charts.Count} charts to {EvaluationReport.ChartsFolder(html)}");
            }
            await recording.WriteAsync(console, v => EvaluateRecord.Of(v, evaluation, evaluatedTarget, title, evaluated), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Whether and where the evaluation is recorded: a registered model's is, unless --no-tracking; a file's is not.</summary>
    private sealed record Recording(TrackingStoreOption Store, ParseResult Result, string Source, ModelVersion? Version, bool Track)
    {
        /// <summary>The report's title: the registered version, or the model file's name, on the data's name.</summary>
        /// <summary>Whether the evaluation will be recorded, so the data read is worth profiling.</summary>
        public bool Records => Track && Version is not null;

        public string Title(string data) =>
            $"{(Version is { } v ? $"{v.Name}/{v.Version}" : Path.GetFileName(Source))} on {Path.GetFileName(data.TrimEnd('/'))}";

        public Task WriteAsync(IAnsiConsole console, Func<ModelVersion, EvaluateRecord.Evaluation> evaluation, CancellationToken cancellationToken)
        {
            if (!Track) return Task.CompletedTask;
            if (Version is null)
            {
                console.MarkupLineInterpolated($"Not recorded in the tracking store: '{Source}' is a model file; evaluate a registered model (name@alias, name/VERSION) to record its evaluation.");
                return Task.CompletedTask;
            }
            return EvaluateRecord.WriteAsync(console, Store, Result, evaluation(Version), cancellationToken);
        }
    }

    private static IReadOnlyList<OutputHead> OutputHeads(Model model)
    {
        try
        {
            return OutputHead.Of(model);
        }
        catch (ModelFileException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>
    /// A multi-task model (a spec with several output features) on a table: each output scored as a model of that
    /// one output would be, printed as a section per output; the JSON is keyed by output and the report has a section
    /// per output. <c>--target</c> picks one output.
    /// </summary>
    private static async Task<int> EvaluateOutputsAsync(IAnsiConsole console, Model model, string source, string? data, string? target, DataReadOptions reading, ParseResult result,
        string? json, string? html, int batchSize, Recording recording, CancellationToken cancellationToken)
    {
        var heads = OutputHeads(model);
        if (data is null)
            throw new CliException($"Say which table to evaluate '{source}' on: lepton evaluate {source} DATA, with a column per output ({string.Join(", ", heads.Select(h => h.Name))}).");
        var input = DataInput.Resolve(data);
        if (input.IsImages)
            throw new CliException($"'{data}' holds images, but '{source}' reads tables (it predicts {string.Join(", ", heads.Select(h => h.Name))}). Give it a table.");
        MultiOutputEvaluation evaluation;
        EvaluatedData evaluated;
        try
        {
            using var table = input.ReadTable(reading.Read(result));
            evaluation = ModelEvaluator.EvaluateOutputs(model, table, target is null ? null : [target], batchSize);
            evaluated = EvaluatedData.OfTable(input, table, recording.Records);
        }
        catch (EvaluationException e)
        {
            throw new CliException(e.Message);
        }
        catch (TableReadException e)
        {
            throw new CliException(DataReadOptions.Describe(e));
        }

        console.MarkupLineInterpolated($"Evaluated on {evaluation.Data}: {(evaluation.Outputs.Count == 1 ? "output" : "outputs")} {string.Join(", ", evaluation.Outputs.Select(o => o.Output))}");
        foreach (var output in evaluation.Outputs)
        {
            console.WriteLine();
            console.Write(new Rule(Markup.Escape($"{output.Output}: {Counted(output)}")).LeftJustified());
            Print(console, output, header: false);
        }
        if (json is not null)
        {
            AtomicFile.Write(json, Encoding.UTF8.GetBytes(evaluation.ToJson()));
            console.MarkupLineInterpolated($"Wrote the metrics to {Path.GetFullPath(json)}");
        }
        var title = recording.Title(evaluation.Data);
        if (html is not null)
        {
            var charts = await EvaluationReport.WriteAsync(evaluation, html, title, cancellationToken).ConfigureAwait(false);
            console.MarkupLineInterpolated($"Wrote the report to {Path.GetFullPath(html)} and its {charts.Count} charts to {EvaluationReport.ChartsFolder(html)}");
        }
        await recording.WriteAsync(console, v => EvaluateRecord.Of(v, evaluation, title, evaluated), cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>
    /// <paramref name="model"/> scored on labelled <paramref name="data"/> as <c>lepton evaluate</c> scores it (a table,
    /// an image folder's test images, a catalog dataset's test set), for commands that show figures beside their work.
    /// </summary>
    internal static ModelEvaluation EvaluateOn(IAnsiConsole console, Model model, string source, string data, string? target, TableReadOptions reading, string? idxFolder = null, int batchSize = 512)
    {
        try
        {
            return Evaluate(console, model, source, data, idxFolder, target, reading, batchSize, profile: false).Evaluation;
        }
        catch (Exception e) when (e is EvaluationException or TableReadException or DatasetNotFoundException)
        {
            throw new CliException(e is TableReadException read ? DataReadOptions.Describe(read) : e.Message);
        }
    }

    /// <summary>The one figure commands print beside each other: accuracy for a classifier, RMSE for a regression, else the first metric by name.</summary>
    internal static string HeadlineMetric(ModelEvaluation evaluation)
    {
        foreach (var name in new[] { "accuracy", "rmse" })
        {
            if (evaluation.Metrics.ContainsKey(name)) return name;
        }
        return evaluation.Metrics.Keys.Order(StringComparer.Ordinal).First();
    }

    /// <summary>The evaluation, what it read (to fingerprint when recorded) and the column of true values (null for images).</summary>
    internal static (ModelEvaluation Evaluation, EvaluatedData? Data, string? Target) Evaluate(IAnsiConsole console, Model model, string source, string? data, string? idxFolder, string? target, TableReadOptions reading, int batchSize, bool profile)
    {
        var trainedOn = model.Metadata.Preprocessing["dataset"]?.GetValue<string>();
        if (data is null)
        {
            if (trainedOn != QuickstartCommand.Dataset)
                throw new CliException($"Say which data to evaluate '{source}' on: lepton evaluate {source} DATA (a table file, an image folder or a catalog dataset). Lepton knows the test set of: {QuickstartCommand.Dataset}.");
            return FashionMnistTestSet(console, model, source, idxFolder, batchSize);
        }

        // A file or folder of a catalog dataset's name in the working directory is the file or folder.
        var input = DataInput.Resolve(data);
        if (input.Catalog is { IsTabular: false }) return FashionMnistTestSet(console, model, source, idxFolder, batchSize);
        if (input.IsImages)
        {
            if (ImageFormat.FromPreprocessing(model.Metadata.Preprocessing) is null)
                throw new CliException($"'{data}' is a folder, but '{source}' does not take images (its preprocessing has no image format). Give it a table file.");
            return (ModelEvaluator.EvaluateImageFolder(model, data, batchSize), EvaluatedData.OfImageFolder(data, model), null);
        }

        using var table = input.ReadTable(reading);
        target ??= input.DefaultTarget;
        var evaluation = ModelEvaluator.Evaluate(model, table, target, batchSize);
        return (evaluation, EvaluatedData.OfTable(input, table, profile), target ?? evaluation.Output ?? model.Metadata.Preprocessing[TableDataset.TargetKey]?.GetValue<string>());
    }

    /// <summary>The catalog's Fashion-MNIST test set (its own, never trained on by <c>lepton train fashion-mnist</c>), its classes matched to the model's by name.</summary>
    private static (ModelEvaluation Evaluation, EvaluatedData? Data, string? Target) FashionMnistTestSet(IAnsiConsole console, Model model, string source, string? idxFolder, int batchSize)
    {
        var format = ImageFormat.FromPreprocessing(model.Metadata.Preprocessing);
        if (format is null && model.Metadata.Preprocessing.ContainsKey(TablePreprocessing.FeaturesKey))
            throw new CliException($"'{source}' reads table rows, not images: evaluate it on a table.");
        if (format is not null && !format.Shape.Equals(FashionMnist.ImageFormat.Shape))
            throw new CliException($"'{source}' reads {format.Width}x{format.Height} {(format.Channels == 1 ? "gray" : "RGB")} images; {QuickstartCommand.Dataset}'s are {FashionMnist.ImageSize}x{FashionMnist.ImageSize} gray. Evaluate it on a folder of image files, which it resizes.");
        var folder = FashionMnistSetup.EnsureInstalled(idxFolder, console);
        var (train, test) = FashionMnist.Load(folder);
        train.Dispose();
        using var testSet = test;
        var evaluation = ModelEvaluator.EvaluateClassifier(model, testSet, $"{QuickstartCommand.Dataset} test set ({folder})", batchSize);
        return (evaluation, EvaluatedData.OfFashionMnistTestSet(folder, evaluation.Rows, model), null);
    }

    private static void Print(IAnsiConsole console, ModelEvaluation evaluation, bool header = true)
    {
        if (header) console.MarkupLineInterpolated($"Evaluated on {evaluation.Data}: {Counted(evaluation)}");
        if (evaluation.Classification is { } c)
        {
            ConfusionMatrixTable.Write(console, c.ConfusionMatrix, c.ClassNames);
            var perClass = new Spectre.Console.Table().Border(TableBorder.Rounded).AddColumns("class", "precision", "recall", "f1", "support");
            foreach (var k in c.Classes) perClass.AddRow(Markup.Escape(k.Name), Figure(k.Precision), Figure(k.Recall), Figure(k.F1), k.Support.ToString("N0", CultureInfo.InvariantCulture));
            console.Write(perClass);
        }
        foreach (var line in MetricLines(evaluation.Metrics, new ConfusionMatrix())) console.MarkupLine(line);
    }

    /// <summary>"300 examples, classification", with what was left out.</summary>
    private static string Counted(ModelEvaluation evaluation)
    {
        var left = new List<string>();
        if (evaluation.RowsWithoutTarget > 0) left.Add($"{evaluation.RowsWithoutTarget:N0} rows without a target left out");
        if (evaluation.UnreadableImages > 0) left.Add($"{evaluation.UnreadableImages:N0} unreadable images left out");
        return $"{evaluation.Rows:N0} {(evaluation.Task == "regression" ? "rows" : "examples")}, {evaluation.Task}{(left.Count > 0 ? " (" + string.Join(", ", left) + ")" : "")}";
    }

    /// <summary>
    /// One line per metric, by name. The confusion matrix is printed as its table: as a metric its value is the
    /// accuracy, which would be printed a second time under the matrix's name.
    /// </summary>
    internal static IEnumerable<string> MetricLines(IReadOnlyDictionary<string, double> metrics, ConfusionMatrix confusion) =>
        metrics.Where(kv => kv.Key != confusion.Name)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"[bold]{Markup.Escape(kv.Key)}[/]: {Figure(kv.Value)}");

    private static string Figure(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "—";
}
