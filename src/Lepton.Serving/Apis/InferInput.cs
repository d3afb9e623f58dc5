namespace Lepton.Serving.Apis;

/// <summary>
/// One named input tensor of a request: shape (batch first), datatype, values row-major (a BYTES tensor's in
/// <paramref name="Texts"/>; an FP64 or INT64 tensor's in <paramref name="Wide"/>, as doubles, which a whole table
/// model's number columns take without rounding to FP32).
/// </summary>
internal sealed record InferInput(string Name, long[] Shape, string Datatype, float[] Data, string[]? Texts = null, double[]? Wide = null);
