using System.CommandLine;
using System.Globalization;
using Lepton.Tracking;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary><c>lepton models list|versions|register|alias|download</c>: the model registry from the shell.</summary>
internal static class ModelsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var store = new TrackingStoreOption();
        var command = new Command("models", "Register model versions, move aliases such as production, and download verified copies.")
        {
            List(console, store),
            Versions(console, store),
            Register(console, store),
            Alias(console, store),
            Download(console, store),
        };
        store.AddTo(command);
        return command;
    }

    private static Command List(IAnsiConsole console, TrackingStoreOption store)
    {
        var command = new Command("list", "List registered models with their latest version and aliases.");
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var client = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var models = await client.Store.ListRegisteredModelsAsync(cancellationToken).ConfigureAwait(false);
            if (models.Count == 0)
            {
                console.MarkupLineInterpolated($"No registered models in {client.Store.Description}; add one with `lepton models register NAME --run RUN_ID` or `--file PATH`.");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("Model").AddColumn(new TableColumn("Latest").RightAligned()).AddColumns("Aliases", "Updated", "Description");
            foreach (var model in models)
            {
                table.AddRow(
                    TrackingFormat.Cell(model.Name, "cyan"),
                    TrackingFormat.Cell(model.LatestVersion.ToString(CultureInfo.InvariantCulture)),
                    TrackingFormat.Cell(string.Join(", ", model.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} → {a.Value}"))),
                    TrackingFormat.Cell(TrackingFormat.Time(model.UpdatedAt)),
                    TrackingFormat.Cell(model.Description ?? ""));
            }

            console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Versions(IAnsiConsole console, TrackingStoreOption store)
    {
        var name = new Argument<string>("name") { Description = "The registered model." };
        var command = new Command("versions", "List a model's versions, newest first, with the run each came from.") { name };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var client = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var versions = await client.Store.ListModelVersionsAsync(result.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            if (versions.Count == 0)
            {
                console.MarkupLineInterpolated($"Model '{result.GetValue(name)}' has no versions yet.");
                return ExitCodes.Success;
            }

            var shortRuns = RunIds.ShortForms(versions.Where(v => v.RunId is not null).Select(v => v.RunId!).ToList());
            // The usual file name of a run's model is left out, so the description keeps its width.
            var showFrom = versions.Any(v => Origin(v) != "model.lepton");
            var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("Version").RightAligned().NoWrap()).AddColumns("Aliases")
                .AddColumn(new TableColumn("Created").NoWrap()).AddColumn(new TableColumn("Run").NoWrap());
            if (showFrom) table.AddColumn(new TableColumn("From").NoWrap());
            table.AddColumn(new TableColumn("SHA-256").NoWrap()).AddColumns("Description");
            foreach (var version in versions)
            {
                var cells = new List<Spectre.Console.Rendering.IRenderable>
                {
                    TrackingFormat.Cell(version.Version.ToString(CultureInfo.InvariantCulture), "cyan"),
                    TrackingFormat.Cell(string.Join(", ", version.Aliases), "green"),
                    TrackingFormat.Cell(TrackingFormat.ShortTime(version.CreatedAt)),
                    TrackingFormat.Cell(version.RunId is { } id ? shortRuns[id] : "—"),
                };
                if (showFrom) cells.Add(TrackingFormat.Cell(Origin(version)));
                cells.Add(TrackingFormat.Cell(TrackingFormat.Hash(version.ArtifactHash), "grey"));
                cells.Add(TrackingFormat.Cell(version.Description ?? ""));
                table.AddRow(cells);
            }

            console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Where a version's file came from: its path inside the run (<c>runs:/ID/PATH</c>), else the source as recorded.</summary>
    private static string Origin(ModelVersion version) =>
        version.RunId is { } id && version.Source.StartsWith($"runs:/{id}/", StringComparison.Ordinal)
            ? version.Source[$"runs:/{id}/".Length..]
            : version.Source;

    private static Command Register(IAnsiConsole console, TrackingStoreOption store)
    {
        var name = new Argument<string>("name") { Description = "The model's name in the registry (created with version 1 when new)." };
        var run = new Option<string?>("--run") { Description = "Register the model file a run logged (its id or a unique prefix)." };
        var artifact = new Option<string>("--artifact") { Description = "The run's artifact to register.", DefaultValueFactory = _ => "model.lepton" };
        var file = new Option<string?>("--file") { Description = "Register a .lepton model file instead." };
        var description = new Option<string?>("--description") { Description = "What this version is." };
        var command = new Command("register", "Register a run's model, or a model file, as the next version of NAME.") { name, run, artifact, file, description };
        command.SetAction(async (result, cancellationToken) =>
        {
            var runId = result.GetValue(run);
            var path = result.GetValue(file);
            if ((runId is null) == (path is null)) throw new CliException("Name what to register: either --run RUN_ID (the run's model.lepton, or --artifact PATH) or --file PATH.");
            if (path is not null && result.GetResult(artifact) is { Implicit: false }) throw new CliException("--artifact names a file inside a run: use it with --run, not with --file.");
            await using var client = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            ModelVersion version;
            if (runId is not null)
            {
                var resolved = await RunIds.ResolveAsync(client, runId, cancellationToken).ConfigureAwait(false);
                version = await client.Registry.RegisterRunModelAsync(result.GetValue(name)!, resolved.Info.RunId, result.GetValue(artifact)!, result.GetValue(description), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (!File.Exists(path)) throw new CliException($"Model file '{path}' does not exist.");
                version = await client.Registry.RegisterModelFileAsync(result.GetValue(name)!, path!, description: result.GetValue(description), cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            console.MarkupLineInterpolated($"Registered [cyan]{version.Name}[/] version [bold]{version.Version}[/] (sha256 {TrackingFormat.Hash(version.ArtifactHash)}) from {version.Source}");
            console.MarkupLineInterpolated($"[grey]Point an alias at it with `lepton models alias {version.Name} production {version.Version}`.[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Alias(IAnsiConsole console, TrackingStoreOption store)
    {
        var name = new Argument<string>("name") { Description = "The registered model." };
        var alias = new Argument<string>("alias") { Description = "The alias, e.g. production, staging, champion." };
        var version = new Argument<int?>("version") { Description = "The version the alias should point at (omit with --delete).", Arity = ArgumentArity.ZeroOrOne };
        var delete = new Option<bool>("--delete") { Description = "Remove the alias instead." };
        var command = new Command("alias", "Point an alias at a version (moving it if it pointed elsewhere), or remove it with --delete.") { name, alias, version, delete };
        command.SetAction(async (result, cancellationToken) =>
        {
            var model = result.GetValue(name)!;
            var aliasName = result.GetValue(alias)!;
            var number = result.GetValue(version);
            var remove = result.GetValue(delete);
            if (remove && number is not null) throw new CliException("--delete removes the alias; give no version with it.");
            if (!remove && number is null) throw new CliException($"Name the version for '{aliasName}': `lepton models alias {model} {aliasName} VERSION` (or --delete to remove it).");
            await using var client = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            if (remove)
            {
                await client.Store.DeleteAliasAsync(model, aliasName, cancellationToken).ConfigureAwait(false);
                console.MarkupLineInterpolated($"Removed alias [green]{model}@{aliasName}[/]");
                return ExitCodes.Success;
            }

            var registered = await client.Store.GetRegisteredModelAsync(model, cancellationToken).ConfigureAwait(false);
            await client.Registry.SetAliasAsync(model, aliasName, number!.Value, cancellationToken).ConfigureAwait(false);
            var moved = registered.Aliases.TryGetValue(aliasName, out var previous) && previous != number
                ? $" (was version {previous})" : "";
            console.MarkupLineInterpolated($"[green]{model}@{aliasName}[/] → version [bold]{number}[/]{moved}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Download(IAnsiConsole console, TrackingStoreOption store)
    {
        var reference = new Argument<string>("model") { Description = "NAME@ALIAS, NAME/VERSION or NAME (the latest version)." };
        var output = new Option<string?>("--out", "-o") { Description = "The file (or an existing folder) to write (default: NAME-vVERSION.lepton here)." };
        var command = new Command("download", "Copy a registered model version to a file, verified against its SHA-256.") { reference, output };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var client = await store.OpenAsync(result, cancellationToken).ConfigureAwait(false);
            var version = await client.Registry.ResolveAsync(result.GetValue(reference)!, cancellationToken).ConfigureAwait(false);
            var fileName = $"{version.Name}-v{version.Version}.lepton";
            var target = result.GetValue(output) is { Length: > 0 } o
                ? Directory.Exists(o) ? Path.Combine(o, fileName) : o
                : fileName;
            var full = Path.GetFullPath(target);
            await client.DownloadAsync(version.ArtifactHash, full, cancellationToken).ConfigureAwait(false);
            console.MarkupLineInterpolated($"Downloaded [cyan]{version.Name}[/] version [bold]{version.Version}[/] (sha256 {TrackingFormat.Hash(version.ArtifactHash)}, verified) to [cyan]{full}[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
