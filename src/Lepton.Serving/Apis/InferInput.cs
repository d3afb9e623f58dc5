namespace Lepton.Serving.Apis;

/// <summary>One named input tensor of a request: shape (batch first), datatype, values row-major (a BYTES tensor's in <paramref name="Texts"/>).</summary>
internal sealed record InferInput(string Name, long[] Shape, string Datatype, float[] Data, string[]? Texts = null);
