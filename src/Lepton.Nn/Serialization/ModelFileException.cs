namespace Lepton.Nn.Serialization;

/// <summary>A model file could not be read or written; the message names the file and what is wrong with it.</summary>
public sealed class ModelFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelFileException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ModelFileException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>Creates the exception with no message (for serializers).</summary>
    public ModelFileException()
    {
    }
}
