namespace Lepton.Export.Onnx;

/// <summary>A model that cannot be written as ONNX: the message names the layer (its name and type) and the reason.</summary>
public sealed class OnnxExportException : Exception
{
    /// <summary>Creates the exception with a message that names the layer and says why.</summary>
    public OnnxExportException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public OnnxExportException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
