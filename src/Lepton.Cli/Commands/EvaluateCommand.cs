using System.CommandLine;
using System.Globalization;
using Lepton.Data.Datasets;
using Lepton.Nn.Metrics;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary><c>lepton evaluate MODEL</c>: loss, accuracy and confusion matrix on the test set the model was trained for.</summary>
internal static class EvaluateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var common = new CommonOptions();
        var model = new Argument<string>("model") { Description = "A .lepton model file." };
        var data = new Option<string?>("--data") { Description = "A folder with the Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Examples per evaluation batch.", DefaultValueFactory = _ => 512 };
        var command = new Command("evaluate", "Evaluate a model file on its dataset's test set: loss, accuracy, confusion matrix.") { model, data, batchSize };
        common.AddTo(command);
        command.SetAction(result =>
        {
            common.Apply(result);
            var path = result.GetValue(model)!;
            var loaded = ModelLoader.Load(path);
            var dataset = loaded.Metadata.Preprocessing["dataset"]?.GetValue<string>();
            if (dataset != QuickstartCommand.Dataset)
                throw new CliException($"'{path}' was trained on '{dataset ?? "an unnamed dataset"}'; lepton evaluate knows the test set of: {QuickstartCommand.Dataset}.");
            var folder = FashionMnistSetup.EnsureInstalled(result.GetValue(data), console);
            var (train, test) = FashionMnist.Load(folder);
            train.Dispose();
            using var testSet = test;
            var confusion = new ConfusionMatrix();
            var metrics = loaded.Evaluate(testSet, result.GetValue(batchSize), new Accuracy(), confusion);
            ConfusionMatrixTable.Write(console, confusion, loaded.Metadata.ClassNames);
            foreach (var line in MetricLines(metrics, confusion)) console.MarkupLine(line);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// One line per metric, by name. The confusion matrix is printed as its table: as a metric its value is the
    /// accuracy, which would be printed a second time under the matrix's name.
    /// </summary>
    internal static IEnumerable<string> MetricLines(IReadOnlyDictionary<string, double> metrics, ConfusionMatrix confusion) =>
        metrics.Where(kv => kv.Key != confusion.Name)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"[bold]{Markup.Escape(kv.Key)}[/]: {kv.Value.ToString("0.0000", CultureInfo.InvariantCulture)}");
}
