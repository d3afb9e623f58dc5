using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary><c>lepton summary MODEL</c>: the layer table and what the file says about the model.</summary>
internal static class SummaryCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Argument<string>("model") { Description = "A .lepton model file." };
        var command = new Command("summary", "Print a model file's layers, shapes, parameter counts, classes and metrics.") { model };
        command.SetAction(result =>
        {
            var loaded = ModelLoader.Load(result.GetValue(model)!);
            console.WriteLine(loaded.Summary());
            var meta = loaded.Metadata;
            if (meta.ClassNames.Count > 0) console.MarkupLineInterpolated($"[bold]Classes[/] ({meta.ClassNames.Count}): {string.Join(", ", meta.ClassNames)}");
            foreach (var (name, value) in meta.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                console.MarkupLineInterpolated($"[bold]{name}[/]: {value.ToString("0.0000", CultureInfo.InvariantCulture)}");
            if (meta.Description is { } description) console.MarkupLineInterpolated($"[grey]{description}[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
