using System.CommandLine;
using Lepton.Cli.Commands;
using Lepton.Nn.Serialization;
using Lepton.Tracking;
using Spectre.Console;

namespace Lepton.Cli;

/// <summary>The entry point: builds the command tree and turns every failure into a plain message and exit code.</summary>
internal static class Program
{
    public static int Main(string[] args) => Run(args, Console.IsOutputRedirected ? CliConsole.Create(Console.Out, redirected: true) : AnsiConsole.Console);

    /// <summary>Runs the command line against <paramref name="console"/> (tests pass a recording console).</summary>
    public static int Run(string[] args, IAnsiConsole console)
    {
        // Model files of the zoo's own types (VariationalAutoencoder, AnomalyAutoencoder, …) and ensembles load in every command
        // (predict, serve, summary, evaluate, export), not only in `lepton zoo`.
        Zoo.ZooRecipes.RegisterLayers();
        Export.Ensembles.Ensemble.Register();
        var root = new RootCommand("Lepton: train, evaluate, serve and monitor models from .NET.")
        {
            QuickstartCommand.Create(console),
            Commands.Training.TrainCommand.Create(console),
            Commands.Training.ExperimentCommand.Create(console),
            Commands.Tuning.TuneCommand.Create(console),
            EvaluateCommand.Create(console),
            PredictCommand.Create(console),
            SummaryCommand.Create(console),
            DoctorCommand.Create(console),
            RunsCommand.Create(console),
            UiCommand.Create(console),
            ModelsCommand.Create(console),
            TrackingServerCommand.Create(console),
            DataCommand.Create(console),
            ServeCommand.Create(console),
            KeysCommand.Create(console),
            Commands.Zoo.ZooCommand.Create(console),
            Commands.Export.ExportCommand.Create(console),
            Commands.Ensembles.EnsembleCommand.Create(console),
            Commands.Explain.ExplainCommand.Create(console),
            Commands.Compress.CompressCommand.Create(console),
            Commands.Cluster.ClusterCommand.Create(console),
        };
        try
        {
            var writer = console.Profile.Out.Writer;
            // Ctrl+C belongs to Fit, which stops after the current batch and keeps the best weights; letting
            // System.CommandLine also handle it would kill the process before the model is evaluated and saved.
            var configuration = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
                Output = writer,
                Error = writer,
            };
            var parsed = root.Parse(args);
            var code = parsed.Invoke(configuration);
            // A command line that does not parse is the user's to fix, like every other usage error.
            return parsed.Errors.Count > 0 && code == ExitCodes.Failure ? ExitCodes.UserError : code;
        }
        catch (Exception ex) when (ex is CliException or ModelFileException or FileNotFoundException or InvalidDataException or Nn.ShapeMismatchException or TrackingException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ex switch
            {
                CliException cli => cli.ExitCode,
                TrackingException { Kind: TrackingErrorKind.Corrupt } => ExitCodes.Failure,
                _ => ExitCodes.UserError,
            };
        }
        catch (Exception ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.GetType().Name}: {ex.Message}");
            console.MarkupLine("[grey]This looks like a bug in Lepton; run with LEPTON_DEBUG=1 for the stack trace.[/]");
            if (Environment.GetEnvironmentVariable("LEPTON_DEBUG") == "1") console.WriteLine(ex.ToString());
            return ExitCodes.Failure;
        }
    }
}
