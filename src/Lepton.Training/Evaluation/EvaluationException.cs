namespace Lepton.Training.Evaluation;

/// <summary>The data does not fit the model being evaluated: a missing column, an unknown class, no labelled rows. The message says which and where.</summary>
public sealed class EvaluationException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public EvaluationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public EvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
