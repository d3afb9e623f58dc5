namespace Lepton.Serving.Batching;

/// <summary>A request's share of a batch's outputs: raw outputs, and probabilities when the model has them.</summary>
internal sealed record InferenceResult(float[] Outputs, float[]? Probabilities, long[] SampleShape, int Samples);
