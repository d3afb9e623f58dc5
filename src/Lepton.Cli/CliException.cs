namespace Lepton.Cli;

/// <summary>A problem the user can fix (a missing file, a bad option): printed as a message, never a stack trace.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.UserError) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
