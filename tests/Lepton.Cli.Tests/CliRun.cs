using Spectre.Console.Testing;

namespace Lepton.Cli.Tests;

/// <summary>Runs the lepton command in-process against a recording console.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Output) Invoke(params string[] args)
    {
        var console = new TestConsole().Width(200);
        var code = Program.Run(args, console);
        return (code, console.Output);
    }
}
