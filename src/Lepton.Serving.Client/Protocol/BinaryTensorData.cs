using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Lepton.Serving.Protocol;

/// <summary>
/// The binary tensor data extension of the Open Inference Protocol (as in KServe and Triton): the body is a JSON
/// header of <c>Inference-Header-Content-Length</c> bytes followed by the raw tensors, little-endian and row-major, of
/// the inputs that say <c>"parameters": {"binary_data_size": N}</c>, in the order they are listed. An instance reads
/// the tensors of one body in order; <see cref="Compose"/> writes a body.
/// </summary>
public sealed class BinaryTensorData
{
    /// <summary>The HTTP header giving the length in bytes of the JSON header at the start of the body.</summary>
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    /// <summary>The parameter of an input or output giving the byte size of its binary tensor.</summary>
    public const string SizeParameter = "binary_data_size";

    /// <summary>The parameter of a requested output asking for it as binary data.</summary>
    public const string OutputParameter = "binary_data";

    /// <summary>The request parameter asking for every output as binary data.</summary>
    public const string AllOutputsParameter = "binary_data_output";

    /// <summary>The content type of a body that carries binary tensor data.</summary>
    public const string ContentType = "application/octet-stream";

    // The most FP32 values one tensor's bytes can hold in a .NET array (so that elements * 4 cannot overflow either).
    private const long MaxElements = int.MaxValue / sizeof(float);

    private readonly ReadOnlyMemory<byte> _data;
    private int _offset;

    /// <summary>A reader over the bytes that follow the JSON header.</summary>
    public BinaryTensorData(ReadOnlyMemory<byte> data) => _data = data;

    /// <summary>No binary section: every input must carry its values as JSON.</summary>
    public static BinaryTensorData None { get; } = new(ReadOnlyMemory<byte>.Empty);

    /// <summary>A body of the extension: the JSON header, then each tensor's values as FP32 little-endian, in order.</summary>
    public static byte[] Compose(byte[] header, IEnumerable<float[]> tensors)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var body = new byte[header.Length + list.Sum(t => (long)t.Length * sizeof(float))];
        header.CopyTo(body, 0);
        var offset = header.Length;
        foreach (var values in list)
        {
            if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(body.AsSpan(offset));
            else
            {
                for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(offset + i * sizeof(float)), values[i]);
            }
            offset += values.Length * sizeof(float);
        }
        return body;
    }

    /// <summary>
    /// Takes the next tensor's FP32 values; <see cref="InvalidDataException"/> naming <paramref name="field"/> when the
    /// sizes do not add up or a value is not finite.
    /// </summary>
    public float[] TakeFloats(string field, long declaredBytes, long elements)
    {
        if (elements is < 0 or > MaxElements)
            throw new InvalidDataException($"{field} has {elements} values; a binary tensor holds 0 to {MaxElements} FP32 values.");
        if (declaredBytes != elements * sizeof(float))
            throw new InvalidDataException($"{field}.parameters.{SizeParameter} is {declaredBytes} bytes, but its shape holds {elements} FP32 values ({elements * sizeof(float)} bytes).");
        if (ReferenceEquals(this, None))
            throw new InvalidDataException($"{field} says {SizeParameter}, but the request has no {HeaderLengthHeader} header: send it with the length of the JSON part of the body.");
        var left = _data.Length - _offset;
        if (declaredBytes > left)
            throw new InvalidDataException($"{field} declares {declaredBytes} bytes of binary data, but the body has only {left} left after the JSON header and the tensors before it.");
        var bytes = _data.Span.Slice(_offset, (int)declaredBytes);
        _offset += (int)declaredBytes;

        var values = new float[elements];
        if (BitConverter.IsLittleEndian) bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        else
        {
            for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) throw new InvalidDataException($"{field} binary value [{i}] is {values[i]}; inputs must be finite numbers.");
        }
        return values;
    }

    /// <summary><see cref="InvalidDataException"/> when bytes are left over: the JSON header declared less than the body holds.</summary>
    public void EnsureAllTaken()
    {
        var left = _data.Length - _offset;
        if (left > 0)
            throw new InvalidDataException($"The body has {left} bytes after the tensors its JSON header declares ({HeaderLengthHeader} and the inputs' {SizeParameter} must add up to the body's length).");
    }
}
