namespace Lepton.Cli;

/// <summary>The process exit codes of the lepton command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UserError = 2;
    public const int Interrupted = 130;
}
