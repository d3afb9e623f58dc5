namespace Lepton.Export.Quantization;

/// <summary>A graph cannot be quantized as asked (nothing in it to quantize, or a file that is not ONNX); the message says why.</summary>
public sealed class QuantizationException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public QuantizationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public QuantizationException(string message, Exception inner) : base(message, inner)
    {
    }
}
