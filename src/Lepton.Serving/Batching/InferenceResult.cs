namespace Lepton.Serving.Batching;

/// <summary>A request's share of a batch's outputs: raw outputs, probabilities when the model has them, and who answered.</summary>
internal sealed record InferenceResult(float[] Outputs, float[]? Probabilities, long[] SampleShape, int Samples, int BatchSamples);
