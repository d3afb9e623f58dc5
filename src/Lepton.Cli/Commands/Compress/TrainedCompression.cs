using System.CommandLine;
using System.Globalization;
using Lepton.Data;
using Lepton.Data.Images;
using Lepton.Data.Tables;
using Lepton.Export.Compression;
using Lepton.Nn.Models;
using Spectre.Console;

namespace Lepton.Cli.Commands.Compress;

/// <summary>
/// The two kinds of <c>lepton compress</c> that train: <c>--prune SPARSITY</c> (magnitude pruning while fine-tuning the
/// model on <c>--train</c> data) and <c>--distill</c> (a smaller student, the teacher's architecture narrowed by
/// <c>--width</c> or a model file given by <c>--student</c>, trained on the teacher's softened outputs), each saved as an
/// ordinary <c>.lepton</c> model and compared with the model it came from on <c>--test</c> data.
/// </summary>
internal sealed class TrainedCompression
{
    public Option<double?> Prune { get; } = new("--prune") { Description = "Prune to this share of zero kernel weights (0.5, 0.8, …) while fine-tuning on --train data (polynomial schedule over the first 60% of the steps, then fixed masks)." };

    public Option<string> Scope { get; } = new("--prune-scope") { Description = "global (the default: on the batchnorm recipe at 80% it lost 0.66 points where per-layer lost 1.13, chosen on held-out training images): weights ranked across all kernels, so small layers keep more; per-layer: every kernel pruned to the sparsity.", DefaultValueFactory = _ => "global" };

    public Option<bool> Distill { get; } = new("--distill") { Description = "Train a smaller student on this model's softened outputs and the labels of --train data (Hinton et al. 2015); the student is --width of this model or --student FILE." };

    public Option<double> Width { get; } = new("--width") { Description = "With --distill: the share of each layer's width (units, filters) the student keeps; 0.5 gives about a quarter of the parameters.", DefaultValueFactory = _ => 0.5 };

    public Option<string?> Student { get; } = new("--student") { Description = "With --distill: the student as a .lepton model file (any architecture with the same inputs and outputs; trained or not)." };

    public Option<double> Temperature { get; } = new("--temperature") { Description = "With --distill: the softmax temperature T (the soft loss is scaled by T²).", DefaultValueFactory = _ => 4 };

    public Option<double> Alpha { get; } = new("--alpha") { Description = "With --distill: the weight of the hard-label loss; the soft loss gets 1 − alpha.", DefaultValueFactory = _ => 0.1 };

    public Option<string?> Train { get; } = new("--train") { Description = "With --prune or --distill: labelled data to train on, read as the model reads its inputs (a table file, an image folder — without its test/ images — or a catalog dataset's training set)." };

    public Option<int?> Epochs { get; } = new("--epochs") { Description = "Passes over --train (default: 3 for --prune, 15 for --distill)." };

    public Option<double?> LearningRate { get; } = new("--learning-rate") { Description = "AdamW's peak learning rate on a one-cycle schedule (default: 1e-3 for --prune, 3e-3 for --distill)." };

    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Examples per training step.", DefaultValueFactory = _ => 64 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Prune, Scope, Distill, Width, Student, Temperature, Alpha, Train, Epochs, LearningRate, BatchSize }) command.Options.Add(option);
        Scope.AcceptOnlyFromAmong("per-layer", "global");
    }

    /// <summary>Whether the command asks for pruning or distillation rather than quantization.</summary>
    public bool Asked(ParseResult result) => result.GetValue(Prune) is not null || result.GetValue(Distill);

    /// <summary>Checks the options before any model is loaded.</summary>
    public void Check(ParseResult result, string output, bool quantizeAsked)
    {
        var prune = result.GetValue(Prune);
        var distill = result.GetValue(Distill);
        if (prune is not null && distill) throw new CliException("Give one of --prune and --distill: prune the distilled student in a second call.");
        if (quantizeAsked) throw new CliException($"--quantize and --{(distill ? "distill" : "prune")} are separate steps: prune or distill first (to a .lepton file), then quantize that file.");
        if (prune is { } s && !(s > 0 && s < 1)) throw new CliException($"--prune must be a share of weights strictly between 0 and 1 (0.8 for 80%), not {s.ToString(CultureInfo.InvariantCulture)}.");
        if (!output.EndsWith(".lepton", StringComparison.OrdinalIgnoreCase))
            throw new CliException($"--output '{output}' must be a .lepton file: a pruned model or a distilled student is an ordinary Lepton model (quantize it to .onnx afterwards).");
        if (result.GetValue(Train) is null)
            throw new CliException($"--{(distill ? "distill" : "prune")} trains: give labelled data to train on (--train DATA), read as the model reads its inputs.");
        if (result.GetValue(Epochs) is < 1) throw new CliException($"--epochs must be at least 1, not {result.GetValue(Epochs)}.");
        if (result.GetValue(BatchSize) < 1) throw new CliException($"--batch-size must be at least 1, not {result.GetValue(BatchSize)}.");
        if (result.GetValue(LearningRate) is { } rate && !(rate > 0)) throw new CliException($"--learning-rate must be positive, not {rate.ToString(CultureInfo.InvariantCulture)}.");
        if (!distill && (result.GetValue(Student) is not null)) throw new CliException("--student is for --distill.");
    }

    /// <summary>Trains, saves and reports; <paramref name="model"/> is the loaded model named <paramref name="source"/>.</summary>
    public int Run(IAnsiConsole console, ParseResult result, Model model, string source, string output, string? test, string? target, TableReadOptions reading)
    {
        var train = result.GetValue(Train)!;
        var batch = result.GetValue(BatchSize);
        var before = test is null ? null : EvaluateCommand.EvaluateOn(console, model, source, test, target, reading);
        var beforeParameters = model.CountParameters();
        var beforeBytes = File.Exists(source) ? new FileInfo(source).Length : (long?)null;
        var examples = LabelledExamples.Read(model, source, train, ImageSplit.Train, target, reading);
        Model compressed;
        string what;
        try
        {
            console.MarkupLineInterpolated($"Training on {examples.Count:N0} examples of {train}.");
            if (result.GetValue(Prune) is { } sparsity)
            {
                var scope = result.GetValue(Scope) == "global" ? PruningScope.Global : PruningScope.PerLayer;
                var reached = FineTuning.Prune(model, source, examples, sparsity, scope, result.GetValue(Epochs) ?? 3, batch, result.GetValue(LearningRate) ?? 1e-3);
                console.Write(new Text(Pruning.Format(reached)));
                compressed = model;
                what = string.Create(CultureInfo.InvariantCulture, $"pruned to {sparsity * 100:0.##}% sparsity ({result.GetValue(Scope)})");
            }
            else
            {
                compressed = StudentOf(result, model, source);
                FineTuning.Distill(model, source, compressed, examples, result.GetValue(Temperature), result.GetValue(Alpha), result.GetValue(Epochs) ?? 15, batch, result.GetValue(LearningRate) ?? 3e-3);
                what = string.Create(CultureInfo.InvariantCulture, $"distilled into a student of {compressed.CountParameters():N0} parameters ({100.0 * compressed.CountParameters() / beforeParameters:0}% of the teacher's)");
            }
        }
        finally
        {
            (examples as IDisposable)?.Dispose();
        }

        try
        {
            compressed.Save(output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write '{output}': {e.Message}");
        }
        var table = new Spectre.Console.Table().Border(TableBorder.Rounded).AddColumns("", Markup.Escape(source), Markup.Escape(Path.GetFileName(output)));
        table.AddRow("parameters", beforeParameters.ToString("N0", CultureInfo.InvariantCulture), compressed.CountParameters().ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("file size", beforeBytes is { } b ? $"{b:N0} B" : "—", $"{new FileInfo(output).Length:N0} B");
        if (before is not null)
        {
            var after = EvaluateCommand.EvaluateOn(console, compressed, output, test!, target, reading);
            var metric = EvaluateCommand.HeadlineMetric(before);
            table.AddRow($"{metric} on --test", Figure(before.Metrics[metric]), Figure(after.Metrics[metric]));
        }
        console.Write(table);
        console.MarkupLineInterpolated($"wrote [bold]{Path.GetFullPath(output)}[/]: {what}");
        if (!ReferenceEquals(compressed, model)) compressed.Dispose();
        return ExitCodes.Success;
    }

    private Model StudentOf(ParseResult result, Model teacher, string source)
    {
        if (result.GetValue(Student) is not { } file) return StudentArchitecture.Narrower(teacher, source, result.GetValue(Width));
        var student = ModelLoader.Load(file);
        if (!student.InputShapes.SequenceEqual(teacher.InputShapes) || !student.OutputShape.Equals(teacher.OutputShape))
        {
            student.Dispose();
            throw new CliException($"The student '{file}' takes {string.Join(", ", student.InputShapes.Select(s => s.ToBatchString()))} and gives {student.OutputShape.ToBatchString()}; the teacher '{source}' takes {string.Join(", ", teacher.InputShapes.Select(s => s.ToBatchString()))} and gives {teacher.OutputShape.ToBatchString()}: they must match.");
        }
        return student;
    }

    private static string Figure(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
