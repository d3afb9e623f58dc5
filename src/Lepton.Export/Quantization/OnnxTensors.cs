using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Lepton.Export.Quantization;

/// <summary>Reads float initializers and writes the float, int8, uint8 and int32 tensors a quantized graph holds.</summary>
internal static class OnnxTensors
{
    /// <summary>A float initializer's values (raw bytes or the typed field), or null for any other type.</summary>
    public static float[]? Floats(TensorProto tensor)
    {
        if (tensor.DataType != (int)DataType.Float || tensor.DataLocation == TensorProto.Types.DataLocation.External) return null;
        if (tensor.FloatData.Count > 0) return [.. tensor.FloatData];
        return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    public static TensorProto Float(string name, float[] values, params long[] dims) =>
        Raw(name, DataType.Float, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public static TensorProto Int8(string name, sbyte[] values, params long[] dims) =>
        Raw(name, DataType.Int8, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public static TensorProto UInt8(string name, byte[] values, params long[] dims) => Raw(name, DataType.Uint8, values, dims);

    public static TensorProto Int32(string name, int[] values, params long[] dims) =>
        Raw(name, DataType.Int32, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    /// <summary>The number of elements of a tensor of <paramref name="dims"/>.</summary>
    public static long Count(IEnumerable<long> dims) => dims.Aggregate(1L, (a, b) => a * b);

    private static TensorProto Raw(string name, DataType type, ReadOnlySpan<byte> bytes, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.Add(dims);
        return tensor;
    }
}
