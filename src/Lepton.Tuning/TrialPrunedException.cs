namespace Lepton.Tuning;

/// <summary>Thrown by an objective (or <see cref="Trial.ThrowIfPruned"/>) to end a trial the pruner stopped; the tuner records it as pruned, not failed.</summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrialPrunedException()
        : base("The pruner stopped the trial.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrialPrunedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TrialPrunedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
