namespace Lepton.Nn;

/// <summary>Data reached a layer in a shape the layer cannot take. The message names the layer and both shapes.</summary>
public sealed class ShapeMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ShapeMismatchException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the engine's own error as the cause.</summary>
    public ShapeMismatchException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>Creates the exception with no message (for serializers).</summary>
    public ShapeMismatchException()
    {
    }
}
