using Lepton.Data.Pipelines;
using Lepton.Training.Automatic;

namespace Lepton.Cli.Commands.Training;

/// <summary>The trainer's errors as the command line reports them.</summary>
internal static class TrainingErrors
{
    /// <summary>Runs <paramref name="action"/>: a training or pipeline error becomes a one-line CLI error, an interruption exit code 130 with <paramref name="interrupted"/>.</summary>
    public static T Guard<T>(Func<T> action, string interrupted)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is TrainingException or PipelineException)
        {
            throw new CliException(e.Message);
        }
        catch (OperationCanceledException)
        {
            throw new CliException(interrupted, ExitCodes.Interrupted);
        }
    }
}
