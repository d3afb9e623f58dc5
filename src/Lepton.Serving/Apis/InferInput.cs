namespace Lepton.Serving.Apis;

/// <summary>One named input tensor of a request: shape (batch first), datatype, values row-major.</summary>
internal sealed record InferInput(string Name, long[] Shape, string Datatype, float[] Data);
