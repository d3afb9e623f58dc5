using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Lepton.Serving.Apis;

/// <summary>
/// The binary tensor data extension of the Open Inference Protocol (as in KServe and Triton): the body is a JSON
/// header of <c>Inference-Header-Content-Length</c> bytes followed by the raw tensors, little-endian and row-major, of
/// the inputs that say <c>"parameters": {"binary_data_size": N}</c>, in the order they are listed.
/// </summary>
internal sealed class BinaryTensorData
{
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";
    public const string SizeParameter = "binary_data_size";
    public const string OutputParameter = "binary_data";
    public const string AllOutputsParameter = "binary_data_output";
    public const string ContentType = "application/octet-stream";

    private readonly ReadOnlyMemory<byte> _data;
    private int _offset;

    public BinaryTensorData(ReadOnlyMemory<byte> data) => _data = data;

    /// <summary>No binary section: every input must carry its values as JSON.</summary>
    public static BinaryTensorData None { get; } = new(ReadOnlyMemory<byte>.Empty);

    /// <summary>A body of the extension: the JSON header, then each tensor's values as FP32 little-endian, in order.</summary>
    public static byte[] Compose(byte[] header, IEnumerable<float[]> tensors)
    {
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

    /// <summary>Takes the next input's FP32 values; 400 naming the field when the sizes do not add up or a value is not finite.</summary>
    public float[] TakeFloats(string field, long declaredBytes, long elements)
    {
        if (declaredBytes != elements * sizeof(float))
            throw ServingException.BadRequest($"{field}.parameters.{SizeParameter} is {declaredBytes} bytes, but its shape holds {elements} FP32 values ({elements * sizeof(float)} bytes).");
        if (ReferenceEquals(this, None))
            throw ServingException.BadRequest($"{field} says {SizeParameter}, but the request has no {HeaderLengthHeader} header: send it with the length of the JSON part of the body.");
        var left = _data.Length - _offset;
        if (declaredBytes > left)
            throw ServingException.BadRequest($"{field} declares {declaredBytes} bytes of binary data, but the body has only {left} left after the JSON header and the tensors before it.");
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
            if (!float.IsFinite(values[i])) throw ServingException.BadRequest($"{field} binary value [{i}] is {values[i]}; inputs must be finite numbers.");
        }
        return values;
    }

    /// <summary>400 when bytes are left over: the JSON header declared less than the body holds.</summary>
    public void EnsureAllTaken()
    {
        var left = _data.Length - _offset;
        if (left > 0)
            throw ServingException.BadRequest($"The body has {left} bytes after the tensors its JSON header declares ({HeaderLengthHeader} and the inputs' {SizeParameter} must add up to the body's length).");
    }
}
