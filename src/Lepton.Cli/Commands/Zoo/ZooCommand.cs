using System.CommandLine;
using System.Globalization;
using Lepton.Nn.Callbacks;
using Lepton.Nn.Training;
using Lepton.Tracking;
using Lepton.Zoo;
using Spectre.Console;

namespace Lepton.Cli.Commands.Zoo;

/// <summary>
/// <c>lepton zoo list</c> and <c>lepton zoo run NAME [--quick]</c>: the model zoo's recipes, each trained on its data,
/// scored on held-out data, saved, recorded and registered; the last line is the figure, <c>NAME: METRIC VALUE</c>.
/// </summary>
internal static class ZooCommand
{
    /// <summary>The experiment zoo runs are recorded in.</summary>
    public const string Experiment = "zoo";

    /// <summary>The seed a recipe runs with when --seed is not given, so two runs give the same figure.</summary>
    public const long DefaultSeed = 1;

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("zoo", "The model zoo: recipes for autoencoders, anomaly detection, VAEs, GANs, reinforcement learning, recommenders and forecasting.")
        {
            CreateList(console),
            CreateRun(console),
        };
        return command;
    }

    private static Command CreateList(IAnsiConsole console)
    {
        var options = new Option<bool>("--options") { Description = "Also list each recipe's settings (for lepton zoo run --set NAME=VALUE)." };
        var command = new Command("list", "List the recipes, the figure each is judged by and its goal.") { options };
        command.SetAction(result =>
        {
            var table = new Table().AddColumns("recipe", "figure", "goal", "what it trains");
            foreach (var recipe in ZooRecipes.All)
            {
                table.AddRow(Markup.Escape(recipe.Name), Markup.Escape(recipe.Metric), Markup.Escape(recipe.Goal), Markup.Escape(recipe.Description));
                if (!result.GetValue(options)) continue;
                foreach (var (key, about) in recipe.Options) table.AddRow("", $"--set {Markup.Escape(key)}=…", "", Markup.Escape(about));
            }
            console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRun(IAnsiConsole console)
    {
        var common = new CommonOptions();
        var name = new Argument<string>("recipe") { Description = "The recipe to run (see lepton zoo list)." };
        name.AcceptOnlyFromAmong([.. ZooRecipes.All.Select(r => r.Name)]);
        var quick = new Option<bool>("--quick") { Description = "A short version (little data, few epochs): checks it works; the figure is not the recipe's." };
        var output = new Option<string?>("--output", "-o") { Description = "The folder for the model file and pictures (default: models/zoo/RECIPE)." };
        var data = new Option<string?>("--data") { Description = "Data to use instead of the recipe's default (see docs/zoo.md)." };
        var noTracking = new Option<bool>("--no-tracking") { Description = "Do not record the run or register the model." };
        var set = new Option<string[]>("--set") { Description = "A recipe setting as NAME=VALUE (repeatable; lepton zoo list --options shows them).", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        var command = new Command("run", "Train a recipe, score it on held-out data, save and register its model; the last line is 'RECIPE: METRIC VALUE'.")
        {
            name, quick, output, data, set, noTracking,
        };
        common.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            common.Apply(result);
            if (result.GetValue(common.Seed) is null) LeptonRuntime.Seed(DefaultSeed);
            var recipe = ZooRecipes.Get(result.GetValue(name)!);
            var settings = new Settings(
                recipe,
                result.GetValue(quick),
                result.GetValue(output) ?? Path.Combine("models", "zoo", recipe.Name),
                result.GetValue(data),
                ParseOptions(recipe, result.GetValue(set) ?? []),
                !result.GetValue(noTracking),
                string.Join(' ', ["lepton", .. result.Tokens.Select(t => t.Value)]));
            return RunAsync(settings, console, cancellationToken);
        });
        return command;
    }

    private sealed record Settings(ZooRecipe Recipe, bool Quick, string Output, string? Data, IReadOnlyDictionary<string, string> Options, bool Track, string CommandLine);

    private static Dictionary<string, string> ParseOptions(ZooRecipe recipe, IEnumerable<string> pairs)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new CliException($"--set takes NAME=VALUE, not '{pair}'.");
            var key = pair[..equals].Trim();
            if (!recipe.Options.ContainsKey(key))
            {
                throw new CliException(recipe.Options.Count == 0
                    ? $"The recipe {recipe.Name} has no settings, so --set {key}=… means nothing to it."
                    : $"The recipe {recipe.Name} has no setting '{key}'. Its settings: {string.Join(", ", recipe.Options.Keys)}.");
            }
            options[key] = pair[(equals + 1)..].Trim();
        }
        return options;
    }

    private static async Task<int> RunAsync(Settings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var recipe = settings.Recipe;
        await using var tracking = settings.Track ? await TrackingClient.OpenAsync(CancellationToken.None) : null;
        console.MarkupLineInterpolated($"Recipe [bold]{recipe.Name}[/]{(settings.Quick ? " (quick)" : "")}: {recipe.Description}");
        console.MarkupLineInterpolated($"Judged by {recipe.Metric} on held-out data; goal {recipe.Goal}. Seed {LeptonRuntime.CurrentSeed}, {LeptonRuntime.Threads} threads.");

        var run = tracking is null ? null : await tracking.StartRunAsync(Experiment, recipe.Name, settings.CommandLine, cancellationToken: CancellationToken.None);
        try
        {
            var progress = new ProgressLogger(console.Profile.Out.Writer, live: console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected);
            List<Callback> callbacks = [progress];
            if (run is not null) callbacks.Add(run.Autolog(logModel: false));
            var context = new RecipeContext(settings.Output)
            {
                Quick = settings.Quick,
                Data = settings.Data,
                Options = settings.Options,
                Callbacks = callbacks,
                Progress = [progress],
                Log = console.Profile.Out.Writer,
                CancellationToken = cancellationToken,
            };
            var result = recipe.Run(context);
            var modelPath = Save(recipe, result, settings.Output);
            if (modelPath is not null) console.MarkupLineInterpolated($"Saved [bold]{modelPath}[/].");
            foreach (var (key, value) in result.Figures) console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {key}: {value:0.0000}"));
            if (run is not null) await RecordAsync(run, settings, result, modelPath, console);
            // The last line, for scripts and the benchmark: the recipe's figure.
            console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{recipe.Name}: {recipe.Metric} {result.Value:0.0000}"));
            return cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Success;
        }
        catch when (run is not null)
        {
            await run.EndAsync(RunStatus.Failed, CancellationToken.None);
            throw;
        }
    }

    private static string? Save(ZooRecipe recipe, RecipeResult result, string folder)
    {
        if (result.Model is not { } model) return null;
        var path = Path.Combine(folder, recipe.Name + ".lepton");
        Directory.CreateDirectory(folder);
        model.Metadata.Metrics[recipe.Metric] = result.Value;
        model.Metadata.Description ??= $"{recipe.Description} (lepton zoo run {recipe.Name}).";
        model.Save(path);
        return path;
    }

    private static async Task RecordAsync(ActiveRun run, Settings settings, RecipeResult result, string? modelPath, IAnsiConsole console)
    {
        var recipe = settings.Recipe;
        run.LogParams([new("recipe", recipe.Name), new("quick", settings.Quick), new("seed", LeptonRuntime.CurrentSeed), new("threads", LeptonRuntime.Threads),
            .. settings.Options.Select(o => new KeyValuePair<string, object?>("set." + o.Key, o.Value)),
            // Prefixed, so a recipe's own "epochs" or "batch_size" never collides with what autolog recorded of its Fit.
            .. result.Parameters.Select(p => new KeyValuePair<string, object?>("zoo." + p.Key, p.Value))]);
        run.SetTag("lepton.zoo.metric", recipe.Metric);
        run.LogMetric("test_" + recipe.Metric, result.Value);
        foreach (var (key, value) in result.Figures) run.LogMetric("test_" + key, value);
        foreach (var file in result.Files) await run.LogArtifactAsync(file, Path.GetFileName(file), CancellationToken.None);
        if (modelPath is not null) await run.LogArtifactAsync(modelPath, "model.lepton", CancellationToken.None);
        await run.EndAsync(RunStatus.Finished, CancellationToken.None);
        var registered = "";
        if (modelPath is not null)
        {
            var version = await run.Client.Registry.RegisterRunModelAsync(recipe.Name, run.RunId,
                description: string.Create(CultureInfo.InvariantCulture, $"{recipe.Metric} {result.Value:0.0000}{(settings.Quick ? " (quick run)" : "")}"),
                cancellationToken: CancellationToken.None);
            registered = $"; registered {recipe.Name}/{version.Version}";
        }
        console.MarkupLineInterpolated($"Recorded run [bold]{run.RunId}[/] in experiment '{Experiment}' ({run.Client.Store.Description}){registered}.");
    }
}
