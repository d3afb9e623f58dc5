using System.CommandLine;
using System.Globalization;
using Lepton.Cli.Commands.Prediction;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;
using Lepton.Serving;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lepton.Cli.Commands;

/// <summary>
/// <c>lepton predict MODEL DATA --out predictions.csv</c>: one prediction per row of a table (through the model's
/// saved pipeline) or per image under a folder, written atomically; and <c>lepton predict MODEL --image x.png</c>: the
/// predicted class and the probabilities of the top classes, printed.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Argument<string>("model") { Description = "A .lepton model file, or an .onnx file (run by ONNX Runtime; the one lepton export writes for a table model reads the table's raw columns)." };
        var data = new Argument<string?>("data") { Description = "A table (CSV, TSV, JSON, JSON Lines, Parquet, or a catalog dataset: iris, wine, …) for a model saved with a table pipeline, or a folder of images; needs --out.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write the predictions: CSV, or Parquet for a .parquet name. Written beside, then renamed: no file on error." };
        var id = new Option<string?>("--id") { Description = "A column of DATA to copy into the predictions as it is, to join them back." };
        var chunk = new Option<int>("--chunk-rows") { Description = "Rows (or images) predicted at a time.", DefaultValueFactory = _ => 10_000 };
        var images = new Option<string[]>("--image", "-i") { Description = "Image files to classify and print (PNG, JPEG, BMP, GIF, WebP).", AllowMultipleArgumentsPerToken = true };
        var top = new Option<int>("--top") { Description = "How many classes to list per image.", DefaultValueFactory = _ => 5 };
        var runtime = RuntimeOption.Create("The engine that runs the model: torch (TorchSharp) or onnx (ONNX Runtime: the model is exported to ONNX in memory; its table pipeline still runs in Lepton). An .onnx file always runs on ONNX Runtime.");
        var command = new Command("predict", "Predict every row of a table or every image in a folder into a file, or classify images and print the class and probabilities.") { model, data, output, id, chunk, images, top, runtime };
        var reading = new DataReadOptions();
        reading.AddTo(command);
        command.SetAction(result =>
        {
            var path = result.GetValue(model)!;
            var source = result.GetValue(data);
            var files = result.GetValue(images) ?? [];
            if ((source is null) == (files.Length == 0))
                throw new CliException("Give either DATA with --out (a table or an image folder, predictions to a file) or --image FILE… (printed).");
            var engine = RuntimeOption.Parse(result.GetValue(runtime));
            if (source is null) return PrintImages(console, path, engine, files, result.GetValue(top));
            var target = result.GetValue(output) ?? throw new CliException("Give --out FILE for the predictions (CSV, or Parquet for a .parquet name).");
            var rows = result.GetValue(chunk);
            if (rows < 1) throw new CliException($"--chunk-rows must be at least 1, not {rows}.");
            return PredictFile(console, path, engine, source, target, result.GetValue(id), rows, reading.Read(result));
        });
        return command;
    }

    private static int PredictFile(IAnsiConsole console, string path, InferenceRuntime runtime, string source, string target, string? id, int chunkRows, TableReadOptions reading)
    {
        var input = DataInput.Resolve(source);
        if (input.Catalog is { IsTabular: false })
            throw new CliException($"{input.Catalog.Name} holds images, not a table: predict image files (--image FILE, or a folder of them), or score the model on its test set with `lepton evaluate {path} {input.Catalog.Name}`.");
        using var loaded = PredictionModel.Load(path, runtime);
        try
        {
            if (input.IsImages)
            {
                if (id is not null) throw new CliException("--id names a column of a table; the predictions for an image folder are keyed by the image's path.");
                var format = ImageFormat(loaded, path, source);
                var (written, skipped) = ImageFolderPrediction.Run(console, loaded, format, source, target, Math.Min(chunkRows, 256));
                foreach (var (image, reason) in skipped.Take(10)) console.MarkupLineInterpolated($"[yellow]skipped {image}: {reason}[/]");
                if (skipped.Count > 10) console.MarkupLineInterpolated($"[yellow]… and {skipped.Count - 10} more[/]");
                console.MarkupLineInterpolated($"wrote [bold]{Path.GetFullPath(target)}[/]: {written:N0} predictions{(skipped.Count > 0 ? $", {skipped.Count:N0} unreadable images skipped" : "")}");
                return ExitCodes.Success;
            }
            if (loaded.Columns is not null)
            {
                var written = TablePrediction.RunColumns(console, loaded, input, reading, target, id, chunkRows);
                console.MarkupLineInterpolated($"wrote [bold]{Path.GetFullPath(target)}[/]: {written:N0} predictions");
                return ExitCodes.Success;
            }
            var preprocessing = TablePreprocessing.ReadFrom(loaded.Metadata.Preprocessing)
                ?? throw new CliException($"'{path}' has no table pipeline with its feature columns (TablePreprocessing) in its preprocessing, so it cannot read the rows of '{source}'; it was not trained on a table.");
            using (preprocessing)
            {
                var count = TablePrediction.Run(console, loaded, preprocessing, input, reading, target, id, chunkRows);
                console.MarkupLineInterpolated($"wrote [bold]{Path.GetFullPath(target)}[/]: {count:N0} predictions");
                return ExitCodes.Success;
            }
        }
        catch (TableReadException e)
        {
            throw new CliException(DataReadOptions.Describe(e));
        }
        catch (Exception e) when (e is PipelineException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(e.Message.Split('\n')[0]);
        }
    }

    private static Data.Images.ImageFormat ImageFormat(PredictionModel model, string path, string folder) =>
        Data.Images.ImageFormat.FromPreprocessing(model.Metadata.Preprocessing)
            ?? throw new CliException($"'{folder}' is a folder, so its images would be predicted, but '{path}' does not take images (its preprocessing has no image format).");

    private static int PrintImages(IAnsiConsole console, string path, InferenceRuntime runtime, string[] files, int k)
    {
        using var loaded = PredictionModel.Load(path, runtime);
        var format = ImageInput.FormatOf(loaded.Metadata, path);
        if (k < 1) throw new CliException($"--top must be at least 1, not {k}.");
        var names = loaded.Metadata.ClassNames;
        foreach (var image in files)
        {
            using var scope = NewDisposeScope();
            var input = format.Load(image).unsqueeze(0);
            var probabilities = loaded.PredictProbabilities(input)[0].data<float>().ToArray();
            var ranked = probabilities.Select((p, i) => (Class: i, P: p)).OrderByDescending(x => x.P).Take(k).ToList();
            string Name(int i) => i < names.Count ? names[i] : i.ToString(CultureInfo.InvariantCulture);
            console.MarkupLineInterpolated($"[bold]{image}[/]: [green]{Name(ranked[0].Class)}[/] ({ranked[0].P.ToString("P1", CultureInfo.InvariantCulture)})");
            var table = new Spectre.Console.Table().AddColumn("class").AddColumn(new Spectre.Console.TableColumn("probability").RightAligned()).AddColumn("");
            foreach (var (cls, p) in ranked)
                table.AddRow(Markup.Escape(Name(cls)), p.ToString("0.0000", CultureInfo.InvariantCulture), new string('█', (int)Math.Round(p * 30)));
            console.Write(table);
        }
        return ExitCodes.Success;
    }
}
