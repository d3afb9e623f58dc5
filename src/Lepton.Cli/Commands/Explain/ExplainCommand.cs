using System.CommandLine;
using Lepton.Data.Images;
using Lepton.Nn.Explanations;
using Lepton.Nn.Models;
using Spectre.Console;

namespace Lepton.Cli.Commands.Explain;

/// <summary>
/// <c>lepton explain MODEL DATA</c>: what a trained model relies on. For a table model, permutation importance of each
/// input column (any model, trees and ensembles included) beside integrated gradients (networks) or TreeSHAP
/// (gradient-boosted trees) per column; for an image model, integrated-gradients saliency maps written as PNG overlays.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var common = new CommonOptions();
        var reading = new DataReadOptions();
        var store = new TrackingStoreOption();
        var model = new Argument<string>("model") { Description = "A trained model: a .lepton file or a registered model (name@alias, name/version)." };
        var data = new Argument<string>("data")
        {
            Description = "Labelled rows the model did not train on (a table file or catalog table) for a table model; image files, a folder of images or a catalog image dataset (its test set) for an image model.",
        };
        var target = new Option<string?>("--target") { Description = "The column of a table that holds the true values (default: the one the model names)." };
        var rows = new Option<int>("--rows") { Description = "Explain at most this many rows or images (the first ones).", DefaultValueFactory = _ => 2_000 };
        var repeats = new Option<int>("--repeats") { Description = "Shuffles per column for permutation importance (scikit-learn's n_repeats).", DefaultValueFactory = _ => 5 };
        var steps = new Option<int>("--steps") { Description = "Integration steps of integrated gradients on the first pass (rows missing completeness by more than 1% get more).", DefaultValueFactory = _ => 50 };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "A folder for the files: importance.csv, attributions.csv and importance.png for a table; one overlay PNG per image (default for images: explanations/).",
        };
        var command = new Command("explain", "Explain a trained model: permutation importance with integrated gradients or TreeSHAP per column for tables, saliency overlays for images.")
        {
            model, data, target, rows, repeats, steps, output,
        };
        common.AddTo(command);
        reading.AddTo(command);
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            common.Apply(result);
            var settings = new ExplainSettings(
                Positive(result.GetValue(rows), "--rows"),
                Positive(result.GetValue(repeats), "--repeats"),
                Positive(result.GetValue(steps), "--steps"),
                (int)(result.GetValue(common.Seed) ?? 0),
                result.GetValue(output));
            var source = result.GetValue(model)!;
            var dataArgument = result.GetValue(data)!;
            using var loaded = await ModelLoader.LoadAsync(source, store, result, cancellationToken).ConfigureAwait(false);
            if (ImageFormat.FromPreprocessing(loaded.Metadata.Preprocessing) is { } format)
            {
                ImageExplanation.Run(console, loaded, source, format, dataArgument, settings);
            }
            else
            {
                TableExplanation.Run(console, loaded, source, dataArgument, result.GetValue(target), reading.Read(result), settings);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Integrated gradients over <paramref name="inputs"/>, with the figure of how well completeness holds.</summary>
    internal static Attributions Integrate(Model model, IReadOnlyList<TorchSharp.torch.Tensor> inputs, ExplainSettings settings) =>
        IntegratedGradients.Explain(model, inputs, new IntegratedGradientsOptions { Steps = settings.Steps });

    /// <summary>One line on how far the attributions can be trusted: rows whose attributions add up to the output change within 1%.</summary>
    internal static string Completeness(Attributions attributions, string method = "integrated gradients")
    {
        var within = attributions.Complete().Count(c => c);
        var delta = attributions.Delta();
        var worst = delta.Length == 0 ? 0 : delta.Max(Math.Abs);
        return $"{method}: attributions add up to the output's change from the baseline within 1% on {within:N0} of {delta.Length:N0} rows (largest miss {worst:0.####})";
    }

    private static int Positive(int value, string option) =>
        value >= 1 ? value : throw new CliException($"{option} must be at least 1, not {value}.");
}

