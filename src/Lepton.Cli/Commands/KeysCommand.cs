using System.CommandLine;
using Lepton.Serving;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary><c>lepton keys create|list|revoke</c>: the API keys an inference server accepts, stored as salted hashes.</summary>
internal static class KeysCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var file = new Option<string?>("--keys")
        {
            Description = $"The key file (default: {ApiKeyStore.DefaultPath}).",
            Recursive = true,
        };
        var command = new Command("keys", "Create, list and revoke the API keys of 'lepton serve'; every change goes to the audit log.")
        {
            CreateKey(console, file),
            List(console, file),
            Revoke(console, file),
        };
        command.Options.Add(file);
        return command;
    }

    private static ApiKeyStore Open(ParseResult result, Option<string?> file) =>
        new(result.GetValue(file) ?? ApiKeyStore.DefaultPath, AuditLogPath());

    private static string AuditLogPath() => new ServingOptions().ResolvedAuditLogPath;

    private static Command CreateKey(IAnsiConsole console, Option<string?> file)
    {
        var name = new Argument<string>("name") { Description = "Who or what the key is for (an application, a person)." };
        var scopes = new Option<string[]>("--scope", "-s")
        {
            Description = "What the key may do: admin, model:* or model:NAME (repeat for several).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("create", "Create a key and print it once; only its salted hash is stored.") { name, scopes };
        command.SetAction(result =>
        {
            try
            {
                var (key, info) = Open(result, file).Create(result.GetValue(name)!, result.GetValue(scopes)!);
                console.MarkupLineInterpolated($"Created key [cyan]{info.Id}[/] for {info.Name} ({string.Join(", ", info.Scopes)}). Copy it now; it is not shown again:");
                console.WriteLine(key);
                return ExitCodes.Success;
            }
            catch (ArgumentException ex)
            {
                throw new CliException(ex.Message);
            }
        });
        return command;
    }

    private static Command List(IAnsiConsole console, Option<string?> file)
    {
        var command = new Command("list", "List keys: id, name, scopes, when created and revoked (never the keys themselves).");
        command.SetAction(result =>
        {
            var keys = Open(result, file).List();
            if (keys.Count == 0)
            {
                console.MarkupLine("No API keys yet; the server answers without one. Create one with `lepton keys create NAME --scope model:*`.");
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Id", "Name", "Scopes", "Created", "Revoked");
            foreach (var key in keys)
            {
                table.AddRow(Markup.Escape(key.Id), Markup.Escape(key.Name), Markup.Escape(string.Join(", ", key.Scopes)),
                    key.CreatedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                    key.RevokedAt?.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }
            console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Revoke(IAnsiConsole console, Option<string?> file)
    {
        var id = new Argument<string>("id") { Description = "The key's id (from 'lepton keys list') or the key itself." };
        var command = new Command("revoke", "Revoke a key; a running server refuses it within a second.") { id };
        command.SetAction(result =>
        {
            if (!Open(result, file).Revoke(result.GetValue(id)!))
                throw new CliException($"There is no active key '{result.GetValue(id)}'; see 'lepton keys list'.");
            console.MarkupLineInterpolated($"Revoked key [cyan]{result.GetValue(id)}[/].");
            return ExitCodes.Success;
        });
        return command;
    }
}
