namespace Lepton.Tuning.Studies;

/// <summary>
/// Thrown when a study is opened by name and the store already has a study of that name with another direction or
/// search space: resuming it would mix trials of two searches. Raised before any trial runs; use another study name,
/// or the study's own goal and space.
/// </summary>
public sealed class StudyMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public StudyMismatchException()
        : base("A study of that name exists with other settings.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StudyMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StudyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the study named <paramref name="study"/>.</summary>
    /// <param name="study">The name of the existing study.</param>
    /// <param name="message">What differs, and what to do.</param>
    public StudyMismatchException(string study, string message)
        : base(message) => Study = study;

    /// <summary>The name of the existing study, when known.</summary>
    public string? Study { get; }
}
