namespace Lepton.Data.Pipelines;

/// <summary>A pipeline cannot be fitted or applied as asked: a missing column, a bad setting, a spec that does not read.</summary>
public sealed class PipelineException : Exception
{
    /// <summary>Creates the exception with a message that says what happened and what to do.</summary>
    public PipelineException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
