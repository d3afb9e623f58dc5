using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Data.Images;
using Lepton.Export.Ensembles;
using Lepton.Nn.Models;
using Lepton.Training.Evaluation;
using Spectre.Console;

namespace Lepton.Cli.Commands.Ensembles;

/// <summary>
/// <c>lepton ensemble MODEL MODEL… --output e.lepton [--method average|vote|stack]</c>: trained models (files or
/// registered versions) combined into one model file that predicts, evaluates, serves and exports as one model;
/// with <c>--test DATA</c>, each member's figures and the ensemble's side by side.
/// </summary>
internal static class EnsembleCommand
{
    private static readonly Dictionary<string, EnsembleMethod> Methods = new(StringComparer.Ordinal)
    {
        ["average"] = EnsembleMethod.Averaging,
        ["vote"] = EnsembleMethod.Voting,
        ["stack"] = EnsembleMethod.Stacking,
    };

    public static Command Create(IAnsiConsole console)
    {
        var common = new CommonOptions();
        var reading = new DataReadOptions();
        var store = new TrackingStoreOption();
        var models = new Argument<string[]>("models")
        {
            Description = "Two or more trained models taking the same inputs and giving the same classes (in the same order): .lepton files or registered models (name@alias, name/version).",
            Arity = new ArgumentArity(2, 64),
        };
        var output = new Option<string>("--output", "-o") { Description = "The .lepton file to write (written beside, then renamed: no file on error).", Required = true };
        var method = new Option<string>("--method")
        {
            Description = "average: the (weighted) mean of the members' probabilities; vote: the (weighted) share of members voting for each class; stack: a softmax regression on the members' probabilities, fitted on --held-out data.",
            DefaultValueFactory = _ => "average",
        };
        method.AcceptOnlyFromAmong([.. Methods.Keys]);
        var weights = new Option<string?>("--weights") { Description = "One non-negative weight per member for average and vote, comma-separated (1,1,2); equal by default." };
        var heldOut = new Option<string?>("--held-out")
        {
            Description = "For stack: labelled data none of the members trained on, read as they read theirs (a table file, an image folder — its test/ images are left out — or a catalog dataset's training set).",
        };
        var test = new Option<string?>("--test") { Description = "Also score every member and the ensemble on this labelled data (a table file, an image folder's test/ images, or a catalog dataset's test set)." };
        var target = new Option<string?>("--target") { Description = "The column of a table that holds the true values (default: the one the models name)." };
        var command = new Command("ensemble", "Combine trained models into one: probability averaging, voting or stacking; saved as one .lepton file that predicts, serves and exports as one model.")
        {
            models, output, method, weights, heldOut, test, target,
        };
        common.AddTo(command);
        reading.AddTo(command);
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            common.Apply(result);
            var sources = result.GetValue(models)!;
            var combine = Methods[result.GetValue(method)!];
            var memberWeights = ParseWeights(result.GetValue(weights), sources.Length, combine);
            var stackOn = result.GetValue(heldOut);
            if (combine == EnsembleMethod.Stacking && stackOn is null)
                throw new CliException("--method stack fits a meta-learner on the members' predictions: give it labelled data none of them trained on (--held-out DATA).");
            if (combine != EnsembleMethod.Stacking && stackOn is not null)
                throw new CliException($"--held-out is for --method stack; {result.GetValue(method)} has nothing to fit.");
            var file = result.GetValue(output)!;
            if (!file.EndsWith(".lepton", StringComparison.OrdinalIgnoreCase))
                throw new CliException($"--output '{file}' must be a .lepton file: the ensemble is saved as one Lepton model.");

            var members = new List<Model>();
            try
            {
                foreach (var source in sources) members.Add(await ModelLoader.LoadAsync(source, store, result, cancellationToken).ConfigureAwait(false));
                CheckCompatible(sources, members);
                using var ensemble = new Ensemble(members, combine, memberWeights, name: Path.GetFileNameWithoutExtension(file));
                ensemble.Metadata.Preprocessing = (JsonObject)members[0].Metadata.Preprocessing.DeepClone();
                ensemble.Metadata.Description = $"{result.GetValue(method)} ensemble of {string.Join(", ", sources)}";
                if (stackOn is not null)
                {
                    var examples = LabelledExamples.Read(members[0], sources[0], stackOn, ImageSplit.Train, result.GetValue(target), reading.Read(result));
                    double loss;
                    try
                    {
                        loss = ensemble.FitMetaLearner(examples);
                    }
                    finally
                    {
                        (examples as IDisposable)?.Dispose();
                    }
                    console.MarkupLineInterpolated($"Fitted the meta-learner on {examples.Count:N0} held-out examples of {stackOn} (final loss {loss.ToString("0.0000", CultureInfo.InvariantCulture)}).");
                }
                if (result.GetValue(test) is { } testData) Score(console, sources, members, ensemble, testData, result.GetValue(target), reading, result);
                try
                {
                    ensemble.Save(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliException($"Cannot write '{file}': {e.Message}");
                }
                console.MarkupLineInterpolated($"wrote [bold]{Path.GetFullPath(file)}[/] ({new FileInfo(file).Length:N0} bytes): {result.GetValue(method)} of {members.Count} models, {ensemble.OutputShape[-1]} outputs");
            }
            finally
            {
                // The ensemble does not own the members it was given; each was loaded here.
                foreach (var member in members) member.Dispose();
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static double[]? ParseWeights(string? text, int members, EnsembleMethod method)
    {
        if (text is null) return null;
        if (method == EnsembleMethod.Stacking) throw new CliException("--weights are for average and vote; stacking learns how much to trust each member.");
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != members) throw new CliException($"--weights has {parts.Length} values for {members} models: give one per model, in their order.");
        return [.. parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w >= 0 && double.IsFinite(w)
            ? w
            : throw new CliException($"--weights value {i + 1}, '{p}', is not a non-negative number."))];
    }

    /// <summary>The members must read the same inputs the same way and name the same classes in the same order.</summary>
    private static void CheckCompatible(string[] sources, List<Model> members)
    {
        var first = members[0];
        for (var i = 1; i < members.Count; i++)
        {
            var m = members[i];
            if (!m.Metadata.ClassNames.SequenceEqual(first.Metadata.ClassNames, StringComparer.Ordinal))
                throw new CliException($"'{sources[i]}' names its classes {Classes(m)}, '{sources[0]}' {Classes(first)}: an ensemble's members must predict the same classes in the same order.");
            var differing = first.Metadata.Preprocessing.Select(kv => kv.Key).Union(m.Metadata.Preprocessing.Select(kv => kv.Key))
                .Where(key => !JsonNode.DeepEquals(first.Metadata.Preprocessing[key], m.Metadata.Preprocessing[key])).ToList();
            if (differing.Count > 0)
                throw new CliException($"'{sources[i]}' reads its inputs differently from '{sources[0]}' (their preprocessing differs in {string.Join(", ", differing)}): an ensemble's members take the same inputs, prepared the same way.");
        }
    }

    private static string Classes(Model model) => model.Metadata.ClassNames.Count == 0 ? "(none)" : string.Join(", ", model.Metadata.ClassNames);

    private static void Score(IAnsiConsole console, string[] sources, List<Model> members, Ensemble ensemble, string data, string? target, DataReadOptions reading, ParseResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("model", "metric", "value");
        var figures = new List<(string Name, ModelEvaluation Evaluation)>();
        for (var i = 0; i < members.Count; i++) figures.Add((sources[i], EvaluateCommand.EvaluateOn(console, members[i], sources[i], data, target, reading.Read(result))));
        figures.Add(($"ensemble ({ensemble.Method.ToString().ToLowerInvariant()})", EvaluateCommand.EvaluateOn(console, ensemble, "the ensemble", data, target, reading.Read(result))));
        var metric = EvaluateCommand.HeadlineMetric(figures[0].Evaluation);
        foreach (var (name, evaluation) in figures)
        {
            table.AddRow(Markup.Escape(name), metric, evaluation.Metrics[metric].ToString("0.0000", CultureInfo.InvariantCulture));
        }
        console.MarkupLineInterpolated($"On {data} ({figures[0].Evaluation.Rows:N0} examples):");
        console.Write(table);
    }
}
